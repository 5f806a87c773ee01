import type { ErrorReason } from '@numerek/shared';

/** A schema validation error as ajv and TypeBox's compiled checks both give it. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: { description?: string };
}

/** The error a person should fix first, and the field it is about (a dotted path; '' for the whole part). */
export function faultOf(errors: readonly SchemaError[]): { best: SchemaError | undefined; field: string } {
  const best =
    errors.find((e) => e.keyword === 'required' || e.keyword === 'additionalProperties') ??
    errors.find((e) => e.parentSchema?.description) ??
    errors[0];
  if (!best) return { best, field: '' };
  const at = best.instancePath ? best.instancePath.slice(1).replaceAll('/', '.') : '';
  // ajv names one property; TypeBox lists them.
  const first = (one: unknown, many: unknown) =>
    one ?? (Array.isArray(many) ? (many[0] as unknown) : undefined);
  const named =
    best.keyword === 'required'
      ? first(best.params.missingProperty, best.params.requiredProperties)
      : best.keyword === 'additionalProperties'
        ? first(best.params.additionalProperty, best.params.additionalProperties)
        : undefined;
  return { best, field: [at, named === undefined ? '' : String(named)].filter(Boolean).join('.') };
}

/** The case of a broken bound, and the bound, for the keywords that have one. */
function boundOf(best: SchemaError): { reason: ErrorReason<'VALIDATION_FAILED'>; limit?: number } | null {
  if (best.keyword === 'nulCharacter') return { reason: 'nul_character' };
  const limit = best.params.limit;
  if (typeof limit !== 'number') return null;
  switch (best.keyword) {
    case 'maxLength':
      return { reason: 'too_long', limit };
    case 'minLength':
      return limit <= 1 ? { reason: 'empty' } : { reason: 'too_short', limit };
    case 'maximum':
      return { reason: 'too_large', limit };
    case 'exclusiveMaximum':
      return Number.isInteger(limit) ? { reason: 'too_large', limit: limit - 1 } : null;
    case 'minimum':
      return { reason: 'too_small', limit };
    case 'exclusiveMinimum':
      return Number.isInteger(limit) ? { reason: 'too_small', limit: limit + 1 } : null;
  }
  return null;
}

/**
 * The params of a schema validation failure: the field at fault, when it is one field, and for a
 * text too long or short or a number out of range, which (`reason`) and the bound (`limit`), so
 * an app can say what the field takes.
 */
export function validationParams(errors: readonly SchemaError[]): {
  field?: string;
  reason?: ErrorReason<'VALIDATION_FAILED'>;
  limit?: number;
} {
  const { best, field } = faultOf(errors);
  const bound = best ? boundOf(best) : null;
  return { ...(field ? { field } : {}), ...bound };
}
