import type { TSchema } from 'typebox';
import { ErrorResponse } from '@numerek/shared';

/** Response schemas of a route answering 200: drive the OpenAPI document and serialisation. */
export const ok = <S extends TSchema>(schema: S) => ({ 200: schema, '4xx': ErrorResponse });

/** Response schemas of a route that creates something (201). */
export const created = <S extends TSchema>(schema: S) => ({ 201: schema, '4xx': ErrorResponse });
