import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.ts';
import { callKeys } from './call-key.ts';

describe('call keys for the hall display', () => {
  it('gives a ticket the same key every time, and different tickets different keys', () => {
    const keyOf = callKeys(randomBytes(32));
    const ids = Array.from({ length: 500 }, () => newId());
    const keys = ids.map(keyOf);
    expect(ids.map(keyOf)).toEqual(keys);
    expect(new Set(keys).size).toBe(ids.length);
    for (const [i, key] of keys.entries()) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(key).not.toBe(ids[i]);
      expect(ids[i]).not.toContain(key);
    }
  });

  it('depends on the installation’s secret, so a key cannot be computed from a ticket id', () => {
    const id = newId();
    expect(callKeys(randomBytes(32))(id)).not.toBe(callKeys(randomBytes(32))(id));
    const secret = Buffer.alloc(32, 7);
    expect(callKeys(secret)(id)).toBe(callKeys(secret)(id));
  });
});
