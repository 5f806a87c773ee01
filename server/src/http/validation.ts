import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { nulTextAt } from '../lib/nul-text.ts';
import { serializerSchema } from './serializer-schema.ts';

const BASE = { removeAdditional: false, useDefaults: true, allErrors: false, verbose: true } as const;

type BuildValidator = ReturnType<typeof AjvCompiler>;
type BuildSerializer = ReturnType<typeof SerializerSelector>;
// The pool's declared type is ajv's `compile`; Fastify calls what it returns with the route definition.
type RouteCompile = (route: { httpPart?: string }) => Validate;
/** An ajv validator as Fastify uses it: called with the data, then asked for `errors` on false. */
type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/**
 * A validator compiled when it is first used. Compiling every route's schemas when the server
 * starts took most of its start-up time and kept code in memory for routes an office may never
 * call; a route now pays for its own on its first request (a few milliseconds).
 */
function lazyValidator(compile: () => Validate): Validate {
  let compiled: Validate | null = null;
  const validate: Validate = (data) => (compiled ??= compile())(data);
  Object.defineProperty(validate, 'errors', { get: () => compiled?.errors ?? null });
  return validate;
}

/**
 * A query string or path parameter that ajv coerced to a number must be a finite one: ajv turns
 * "Infinity" and "1e309" into Infinity, which passes `integer` and reaches the handler (a LIMIT
 * the database refuses, a 500). Refused here with the field's own description, as any bad value.
 */
function finiteNumbersOnly(
  validate: Validate,
  schema: { properties?: Record<string, unknown> } | undefined,
): Validate {
  let own: unknown[] | null = null;
  const checked: Validate = (data) => {
    own = null;
    if (!validate(data)) return false;
    if (typeof data !== 'object' || data === null) return true;
    for (const [key, value] of Object.entries(data)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (!values.some((v) => typeof v === 'number' && !Number.isFinite(v))) continue;
      own = [
        {
          instancePath: `/${key}`,
          keyword: 'type',
          message: 'must be a finite number',
          params: {},
          schemaPath: `#/properties/${key}`,
          parentSchema: schema?.properties?.[key] ?? {},
        },
      ];
      return false;
    }
    return true;
  };
  Object.defineProperty(checked, 'errors', { get: () => own ?? validate.errors ?? null });
  return checked;
}

/**
 * A text with a NUL character is refused wherever it is (body, query string or path): PostgreSQL
 * cannot store one, so it would fail the statement with a 500 (see nul-text.ts). The error names
 * the field, with the keyword `nulCharacter` the error handler turns into its reason.
 */
function noNulText(validate: Validate): Validate {
  let own: unknown[] | null = null;
  const checked: Validate = (data) => {
    own = null;
    const at = nulTextAt(data);
    if (at !== null) {
      own = [
        {
          instancePath: at,
          keyword: 'nulCharacter',
          message: 'must not contain a NUL character (U+0000)',
          params: {},
          schemaPath: '#',
        },
      ];
      return false;
    }
    return validate(data);
  };
  Object.defineProperty(checked, 'errors', { get: () => own ?? validate.errors ?? null });
  return checked;
}

/**
 * Two validators: query strings and path parameters arrive as text, so they are coerced to the
 * schema's types; JSON bodies are checked as sent, so `"weight": "3"` or `"names": { "pl": 123 }`
 * is refused instead of being quietly turned into something else. Validators and response
 * serializers are compiled on first use (see lazyValidator), the serializers from schemas whose
 * simple unions are made plain (see serializer-schema.ts).
 */
export function schemaController() {
  const pool = AjvCompiler();
  const buildValidator: BuildValidator = (externalSchemas, options) => {
    const rest = { ...(options as object) };
    const coercing = pool(externalSchemas, {
      ...rest,
      customOptions: { ...BASE, coerceTypes: 'array' },
    }) as unknown as RouteCompile;
    const exact = pool(externalSchemas, {
      ...rest,
      customOptions: { ...BASE, coerceTypes: false },
    }) as unknown as RouteCompile;
    const compile: RouteCompile = (route) =>
      route.httpPart === 'body'
        ? noNulText(lazyValidator(() => exact(route)))
        : noNulText(
            finiteNumbersOnly(
              lazyValidator(() => coercing(route)),
              (route as { schema?: { properties?: Record<string, unknown> } }).schema,
            ),
          );
    return compile as unknown as ReturnType<BuildValidator>;
  };
  const serializers = SerializerSelector();
  const buildSerializer: BuildSerializer = (externalSchemas, options) => {
    const compileNow = serializers(externalSchemas, options);
    return (route) => {
      let serialize: ((doc: unknown) => string) | null = null;
      // Compiled from the schema with its simple unions made plain (see serializer-schema.ts).
      const plain = () =>
        compileNow({ ...route, schema: serializerSchema(route.schema) as typeof route.schema });
      return (doc: unknown) => (serialize ??= plain())(doc);
    };
  };
  return { compilersFactory: { buildValidator, buildSerializer } };
}
