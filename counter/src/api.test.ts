import { describe, expect, it } from 'vitest';
import { ApiError, isIdempotentAction, isRetryable } from './api.ts';

describe('clerk actions sent with an Idempotency-Key', () => {
  it('are every counter action and issuing, and nothing else', () => {
    for (const action of ['open', 'close', 'next', 'recall', 'start', 'finish', 'no-show', 'transfer']) {
      expect(isIdempotentAction('POST', `/api/counters/c1/${action}`), action).toBe(true);
    }
    for (const action of ['pause', 'resume', 'call']) {
      expect(isIdempotentAction('POST', `/api/counters/Ab_9-x/${action}`), action).toBe(true);
    }
    expect(isIdempotentAction('POST', '/api/tickets')).toBe(true);
    expect(isIdempotentAction('GET', '/api/counters/c1')).toBe(false);
    expect(isIdempotentAction('GET', '/api/counters/c1/next')).toBe(false);
    expect(isIdempotentAction('POST', '/api/admin/counters')).toBe(false);
    expect(isIdempotentAction('POST', '/api/auth/login')).toBe(false);
    expect(isIdempotentAction('PATCH', '/api/admin/counters/c1')).toBe(false);
  });

  it('are retried when the answer was lost or the server failed, never after a refusal', () => {
    expect(isRetryable(new ApiError(0, 'NETWORK', 'offline'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'INTERNAL', 'restarting'))).toBe(true);
    expect(isRetryable(new ApiError(409, 'COUNTER_BUSY', 'finish it first'))).toBe(false);
    expect(isRetryable(new ApiError(401, 'UNAUTHENTICATED', 'sign in'))).toBe(false);
    expect(isRetryable(new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'new key'))).toBe(false);
    expect(isRetryable(new Error('other'))).toBe(false);
  });
});
