import { LANGUAGES } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import { STRINGS } from './i18n.ts';
import { checkPasswordChange, refusalOf, type PasswordMessage } from './password-change.ts';

describe('changing one’s own password', () => {
  it('says before sending what is missing, too short, unchanged or repeated wrongly', () => {
    expect(checkPasswordChange({ current: '', next: '', repeat: '' })).toEqual({
      current: 'currentMissing',
      next: 'tooShort',
    });
    expect(
      checkPasswordChange({ current: 'stare-haslo', next: 'stare-haslo', repeat: 'stare-haslo' }),
    ).toEqual({
      next: 'unchanged',
    });
    // The same password in another Unicode form is the same password to the server.
    expect(checkPasswordChange({ current: 'ﬁ-haslo-9', next: 'fi-haslo-9', repeat: 'fi-haslo-9' })).toEqual({
      next: 'unchanged',
    });
    expect(checkPasswordChange({ current: 'stare-haslo', next: 'nowe-haslo', repeat: 'nowe-hasło' })).toEqual(
      {
        repeat: 'mismatch',
      },
    );
    // Eight characters as a person counts them, whatever their length in UTF-16.
    expect(checkPasswordChange({ current: 'x', next: 'zażółć🙂!', repeat: 'zażółć🙂!' })).toEqual({});
    expect(checkPasswordChange({ current: 'x', next: 'zażółć🙂', repeat: 'zażółć🙂' })).toEqual({
      next: 'tooShort',
    });
  });

  it('puts the server’s refusal next to the field it concerns', () => {
    expect(refusalOf('WRONG_PASSWORD')).toEqual({
      errors: { current: 'currentWrong' },
      message: 'fixFields',
    });
    expect(refusalOf('PASSWORD_UNCHANGED')).toEqual({ errors: { next: 'unchanged' }, message: 'fixFields' });
    expect(refusalOf('PASSWORD_TOO_WEAK')).toEqual({ errors: { next: 'tooWeak' }, message: 'fixFields' });
    expect(refusalOf('VALIDATION_FAILED')).toEqual({ errors: { next: 'tooShort' }, message: 'fixFields' });
    expect(refusalOf('RATE_LIMITED')).toEqual({ errors: {}, message: 'tooMany' });
    expect(refusalOf('NETWORK')).toEqual({ errors: {}, message: 'failed' });
  });

  it('has its words in Polish, English and Ukrainian, a weak password’s reason among them', () => {
    const messages: Array<Exclude<PasswordMessage, 'tooWeak'>> = [
      'currentMissing',
      'currentWrong',
      'tooShort',
      'unchanged',
      'mismatch',
    ];
    const weak = new ApiError(400, 'PASSWORD_TOO_WEAK', 'English message', {
      reason: 'contains_username',
      field: 'newPassword',
    });
    for (const lang of LANGUAGES) {
      const t = STRINGS[lang];
      for (const m of messages) expect(t.choosePassword[m], `${lang} ${m}`).toMatch(/\S/);
      for (const key of ['open', 'title', 'intro', 'done'] as const) {
        expect(t.changePassword[key], `${lang} ${key}`).toMatch(/\S/);
        if (lang !== 'pl')
          expect(t.changePassword[key], `${lang} ${key}`).not.toBe(STRINGS.pl.changePassword[key]);
      }
      expect(errorText(t, weak)).not.toContain('English message');
    }
    expect(errorText(STRINGS.pl, weak)).toBe('Hasło nie może zawierać nazwy użytkownika.');
    expect(STRINGS.en.changePassword.done).toBe(
      'Your password has been changed. Your other sessions have ended.',
    );
  });
});
