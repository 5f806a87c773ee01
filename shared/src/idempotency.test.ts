import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { IdempotencyHeaders } from './schemas/common.schema.ts';
import { newIdempotencyKey, withRetries } from './idempotency.ts';

class Unreachable extends Error {}
const unreachable = (e: unknown) => e instanceof Unreachable;
const noWait = async () => undefined;

describe('newIdempotencyKey', () => {
  it('makes 32 hex characters, within the header schema (8–128 visible ASCII), never repeating', () => {
    const keys = Array.from({ length: 1000 }, newIdempotencyKey);
    const headers = Compile(IdempotencyHeaders);
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect(headers.Check({ 'idempotency-key': key }), key).toBe(true);
    }
    expect(headers.Check({ 'idempotency-key': 'short' })).toBe(false);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('withRetries', () => {
  it('retries after a network failure until it gets the answer, pausing the given delays', async () => {
    const slept: number[] = [];
    let attempts = 0;
    const answer = await withRetries(
      async () => {
        attempts++;
        if (attempts < 3) throw new Unreachable('timeout');
        return 'A001';
      },
      unreachable,
      [500, 1500, 3000],
      async (ms) => void slept.push(ms),
    );
    expect(answer).toBe('A001');
    expect(attempts).toBe(3);
    expect(slept).toEqual([500, 1500]);
  });

  it('gives up after the last delay with the last failure', async () => {
    let attempts = 0;
    const run = withRetries(
      () => Promise.reject(new Unreachable(`attempt ${++attempts}`)),
      unreachable,
      [1, 1],
      noWait,
    );
    await expect(run).rejects.toThrow('attempt 3');
    expect(attempts).toBe(3);
  });

  it('does not retry an answer from the server, such as a closed category', async () => {
    let attempts = 0;
    const run = withRetries(
      () => {
        attempts++;
        return Promise.reject(new Error('This service is closed now.'));
      },
      unreachable,
      [1, 1],
      noWait,
    );
    await expect(run).rejects.toThrow('closed');
    expect(attempts).toBe(1);
  });
});
