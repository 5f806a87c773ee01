import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import {
  defaultHashingLimits,
  hashPassword,
  PASSWORD_COST,
  PasswordHasher,
  verifyPassword,
} from './passwords.ts';

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies', async () => {
    const a = await hashPassword('zażółć gęślą jaźń', { N: 2 ** 10 });
    const b = await hashPassword('zażółć gęślą jaźń', { N: 2 ** 10 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('zażółć');
    expect(await verifyPassword('zażółć gęślą jaźń', a)).toBe(true);
    expect(await verifyPassword('zażółć gęślą jaź', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('PasswordHasher', () => {
  it('hashes and checks one at a time with a short queue, and refuses beyond it with PASSWORDS_BUSY and a Retry-After', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14 }, { concurrency: 1, queueLength: 3 });
    const stored = await hasher.hash('hasło-urzędnika');
    expect(stored).toMatch(/^scrypt\$16384\$/);
    const attempts = Array.from({ length: 10 }, (_, i) =>
      hasher.verify(i === 0 ? 'hasło-urzędnika' : `złe-${i}`, stored).then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      ),
    );
    const results = await Promise.all(attempts);
    expect(results.slice(0, 4)).toEqual([{ ok: true }, { ok: false }, { ok: false }, { ok: false }]);
    for (const r of results.slice(4)) {
      const error = (r as { error: unknown }).error;
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('PASSWORDS_BUSY');
      expect((error as AppError).statusCode).toBe(429);
      expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    // Once the queue has drained, hashing works again.
    expect(await hasher.verify('hasło-urzędnika', stored)).toBe(true);
  });

  it('hashes at the production cost by default, one or two at a time whatever the machine', () => {
    expect(PASSWORD_COST.N).toBe(2 ** 17);
    expect(defaultHashingLimits(1).concurrency).toBe(1);
    expect(defaultHashingLimits(2).concurrency).toBe(1);
    expect(defaultHashingLimits(64).concurrency).toBe(2);
    expect(defaultHashingLimits(64).queueLength).toBeLessThanOrEqual(10);
  });
});
