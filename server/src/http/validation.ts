import { AjvCompiler } from '@fastify/ajv-compiler';

const BASE = { removeAdditional: false, useDefaults: true, allErrors: false, verbose: true } as const;

type BuildValidator = ReturnType<typeof AjvCompiler>;
// The pool's declared type is ajv's `compile`; Fastify calls what it returns with the route definition.
type RouteCompile = (route: { httpPart?: string }) => unknown;

/**
 * Two validators: query strings and path parameters arrive as text, so they are coerced to the
 * schema's types; JSON bodies are checked as sent, so `"weight": "3"` or `"names": { "pl": 123 }`
 * is refused instead of being quietly turned into something else.
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
    const compile: RouteCompile = (route) => (route.httpPart === 'body' ? exact : coercing)(route);
    return compile as unknown as ReturnType<BuildValidator>;
  };
  return { compilersFactory: { buildValidator } };
}
