import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { assertStrongPassword, passwordWeakness } from './password-policy.ts';
import { generatePassword } from './passwords.ts';

describe('the staff password policy', () => {
  it('refuses only digits, in any script', () => {
    for (const p of ['12345678', '20240101', '٠١٢٣٤٥٦٧٨٩'])
      expect(passwordWeakness(p, 'anna.nowak'), p).toBe('digits_only');
  });

  it('refuses one character repeated', () => {
    for (const p of ['aaaaaaaa', 'AaAaAaAa', '........', 'żżżżżżżż'])
      expect(passwordWeakness(p, 'anna.nowak'), p).toBe('one_character');
  });

  it('refuses the user name inside, whatever the case and the separators', () => {
    for (const p of ['anna.nowak-1', 'ANNA.NOWAK!', 'xxAnnaNowakxx', 'anna_nowak2025', 'moja anna nowak'])
      expect(passwordWeakness(p, 'anna.nowak'), p).toBe('contains_username');
    expect(passwordWeakness('zmiana-password', 'zmiana')).toBe('contains_username');
    // A two-letter user name is not looked for: it would refuse far too much.
    expect(passwordWeakness('jaskółka-na-dachu', 'ja')).toBeNull();
  });

  it('refuses the most common passwords, in any case', () => {
    for (const p of ['password', 'Password', 'qwertyuiop', '1qaz2wsx', 'zaq12wsx', 'iloveyou', 'haslo123'])
      expect(passwordWeakness(p, 'anna.nowak'), p).toBe('common');
  });

  it('takes a password that is none of these', () => {
    for (const p of ['koń-jeździ-po-łące', 'olas-own-password', '12345678a!x', 'Zielona herbata o 7'])
      expect(passwordWeakness(p, 'anna.nowak'), p).toBeNull();
  });

  it('refuses with 400 PASSWORD_TOO_WEAK, the reason and the field, never the password', () => {
    let error: unknown;
    try {
      assertStrongPassword('12345678', 'anna.nowak', 'newPassword');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect([e.code, e.statusCode, e.params]).toEqual([
      'PASSWORD_TOO_WEAK',
      400,
      { reason: 'digits_only', field: 'newPassword' },
    ]);
    expect(e.message).not.toContain('12345678');
    expect(() => assertStrongPassword('koń-jeździ-po-łące', 'anna.nowak', 'password')).not.toThrow();
  });

  it('generates passwords that pass, even for a short user name', () => {
    for (let i = 0; i < 2000; i++) {
      const p = generatePassword('abc');
      expect(p).toHaveLength(16);
      expect(passwordWeakness(p, 'abc')).toBeNull();
    }
  });
});
