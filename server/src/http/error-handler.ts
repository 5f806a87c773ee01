import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody, ErrorCode, ErrorParams } from '@numerek/shared';
import { AppError } from '../lib/app-error.ts';
import { faultOf, validationParams, type SchemaError as AjvError } from '../lib/validation-params.ts';

const CONTEXT: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Turns a schema validation failure into one sentence a person can act on. */
export function describeValidation(errors: readonly AjvError[], context: string | undefined): string {
  const where = CONTEXT[context ?? ''] ?? context ?? 'request';
  const { best, field: named } = faultOf(errors);
  if (!best) return `The ${where} is not valid.`;
  const field = best.instancePath ? best.instancePath.slice(1).replaceAll('/', '.') : '';
  const at = field ? `"${field}"` : `the ${where}`;
  switch (best.keyword) {
    case 'required':
      return `Missing ${where} field "${named}".`;
    case 'additionalProperties':
      return `Unknown ${where} field "${named}"; check its spelling.`;
    case 'minProperties':
      return `The ${where} must change at least one field.`;
    case 'type':
      if (!field && where === 'body') return 'The body must be a JSON object.';
  }
  if (best.parentSchema?.description)
    return `Invalid ${at} in the ${where}: expected ${best.parentSchema.description}.`;
  return `Invalid ${at} in the ${where}: it ${best.message ?? 'is not valid'}.`;
}

function body(code: ErrorCode, message: string, params: ErrorParams = {}): ErrorBody {
  return { error: { code, message, ...(Object.keys(params).length > 0 ? { params } : {}) } };
}

/** Every error leaves as `{ error: { code, message } }`; bad input is a 4xx, never a 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
      if (error instanceof AppError) {
        if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
        return reply.status(error.statusCode).send(body(error.code, error.message, error.params));
      }
      if (error.validation) {
        return reply
          .status(400)
          .send(
            body(
              'VALIDATION_FAILED',
              describeValidation(error.validation, error.validationContext),
              validationParams(error.validation),
            ),
          );
      }
      const status = error.statusCode ?? 500;
      switch (error.code) {
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return reply
            .status(415)
            .send(
              body('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json".'),
            );
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return reply.status(413).send(body('PAYLOAD_TOO_LARGE', 'The body is too large.'));
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return reply.status(400).send(body('VALIDATION_FAILED', 'The body is empty; send a JSON object.'));
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
          return reply
            .status(400)
            .send(body('VALIDATION_FAILED', `The body is not valid JSON: ${error.message}`));
      }
      if (status === 429) {
        return reply
          .status(429)
          .send(body('RATE_LIMITED', error.message || 'Too many requests; wait a moment and try again.'));
      }
      if (status >= 400 && status < 500) {
        if (error instanceof SyntaxError) {
          return reply
            .status(400)
            .send(body('VALIDATION_FAILED', `The body is not valid JSON: ${error.message}`));
        }
        const code: ErrorCode =
          status === 404
            ? 'NOT_FOUND'
            : status === 401
              ? 'UNAUTHENTICATED'
              : status === 403
                ? 'FORBIDDEN'
                : 'VALIDATION_FAILED';
        return reply.status(status).send(body(code, error.message));
      }
      request.log.error({ err: error }, 'unexpected error');
      return reply.status(500).send({
        error: { code: 'INTERNAL', message: 'Something went wrong on the server; the error was logged.' },
      });
    },
  );

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}.`));
  });
}
