import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

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
