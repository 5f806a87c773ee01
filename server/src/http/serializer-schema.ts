/**
 * A response schema as the serializer needs it. The protocol's schemas say "X or null" and "one
 * of these words" as `anyOf` (TypeBox's unions), and fast-json-stringify serializes every `anyOf`
 * by asking ajv which branch the value matches: it compiles a validator for each branch of each
 * route the first time that route answers (about 3 s of CPU for a node's first minute of a busy
 * office, each compile blocking the event loop) and runs it on every value after. Neither union
 * needs it: "X or null" is X marked `nullable`, and a union of constants of one type is that type
 * (the serializer writes the value; it never checked it against the constants). Unions of
 * different objects stay `anyOf`. The protocol's schemas themselves are not changed: validation
 * and the API document use them as they are.
 */

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNull = (s: Schema) =>
  s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description');
const COMBINATORS = ['anyOf', 'oneOf', 'allOf', 'if', '$ref'] as const;
const combines = (s: Schema) => COMBINATORS.some((k) => k in s);

/** The type of a constant as JSON Schema names it, or null for what is not a plain value. */
function constType(s: Schema): string | null {
  if (!('const' in s)) return null;
  const v = s.const;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return null;
}

/** `anyOf` simplified where the serializer needs no validator to choose; else null. */
function simplifyUnion(branches: Schema[], rest: Schema): Schema | null {
  const nulls = branches.filter(isNull);
  const others = branches.filter((b) => !isNull(b));
  if (others.length === 0) return null;
  const nullable = nulls.length > 0 ? { nullable: true } : {};
  if (others.length === 1) {
    const only = others[0] as Schema;
    // A union inside, or a nullable of its own, would make `nullable` ambiguous: left as it is.
    if (combines(only) || 'nullable' in only || Array.isArray(only.type)) return null;
    return { ...only, ...rest, ...nullable };
  }
  const types = new Set(others.map(constType));
  if (types.size === 1 && !types.has(null)) return { ...rest, type: [...types][0], ...nullable };
  return null;
}

/** A copy of `schema` (string keys only) with the unions the serializer can do without simplified. */
export function serializerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializerSchema);
  if (!isObject(schema)) return schema;
  const copy: Schema = {};
  for (const key of Object.keys(schema)) copy[key] = serializerSchema(schema[key]);
  const branches = copy.anyOf;
  if (Array.isArray(branches) && branches.every(isObject)) {
    const { anyOf: _, ...rest } = copy;
    return simplifyUnion(branches, rest) ?? copy;
  }
  return copy;
}
