/** The fields of a password change: the current password, the new one, and the new one again. */
export type PasswordField = 'current' | 'next' | 'repeat';
export const PASSWORD_FIELDS: readonly PasswordField[] = ['current', 'next', 'repeat'];

/** What is wrong with a field, as a key of `choosePassword` (worded at each render in the current language). */
export type PasswordMessage =
  'currentMissing' | 'currentWrong' | 'tooShort' | 'unchanged' | 'mismatch' | 'tooWeak';
export type PasswordErrors = Partial<Record<PasswordField, PasswordMessage>>;
/** The sentence above the buttons, as a key of `choosePassword` ('' for none). */
export type PasswordFormMessage = '' | 'fixFields' | 'tooMany' | 'failed';

/** The shortest password the server takes (`PasswordChange.newPassword`). */
export const PASSWORD_MIN_LENGTH = 8;

/**
 * What can be said before sending: a missing current password, a new one too short or the same
 * as the current one, a repeat that differs. The server checks the rest (the current password
 * itself, and whether the new one is easy to guess).
 */
export function checkPasswordChange(values: Readonly<Record<PasswordField, string>>): PasswordErrors {
  const { current, next, repeat } = values;
  const found: PasswordErrors = {};
  if (!current) found.current = 'currentMissing';
  // Characters as a person counts them: "zażółć" is six, whatever its UTF-16 length.
  if ([...next].length < PASSWORD_MIN_LENGTH) found.next = 'tooShort';
  else if (next.normalize('NFKC') === current.normalize('NFKC')) found.next = 'unchanged';
  if (!found.next && repeat !== next) found.repeat = 'mismatch';
  return found;
}

/**
 * The server's refusal of a password change, next to the field it concerns: a wrong current
 * password, a new one equal to it or easy to guess (`PASSWORD_TOO_WEAK`, whose reason
 * `errorText` words), one the schema refused (too short), or too many attempts.
 */
export function refusalOf(code: string): { errors: PasswordErrors; message: PasswordFormMessage } {
  switch (code) {
    case 'WRONG_PASSWORD':
      return { errors: { current: 'currentWrong' }, message: 'fixFields' };
    case 'PASSWORD_UNCHANGED':
      return { errors: { next: 'unchanged' }, message: 'fixFields' };
    case 'PASSWORD_TOO_WEAK':
      return { errors: { next: 'tooWeak' }, message: 'fixFields' };
    case 'VALIDATION_FAILED':
      return { errors: { next: 'tooShort' }, message: 'fixFields' };
    case 'RATE_LIMITED':
      return { errors: {}, message: 'tooMany' };
    default:
      return { errors: {}, message: 'failed' };
  }
}
