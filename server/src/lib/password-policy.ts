import type { ErrorReason } from '@numerek/shared';
import { readFileSync } from 'node:fs';
import { AppError } from './app-error.ts';

/** Why a staff password is refused (the minimum length is the shared schema's: 8 characters). */
export type PasswordWeakness = ErrorReason<'PASSWORD_TOO_WEAK'>;

/** A user name shorter than this (once `.`, `_` and `-` are left out) is not looked for in a password. */
const MIN_NAME_IN_PASSWORD = 3;

let common: ReadonlySet<string> | null = null;

/** The most common passwords (common-passwords.txt beside this file), read on first use. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return common;
}

/** As the password is compared: NFKC (as it is hashed), lower case. */
const folded = (s: string) => s.normalize('NFKC').toLowerCase();
/** Without the separators a user name may have, nor spaces: `anna.nowak` is found in `AnnaNowak1`. */
const compact = (s: string) => folded(s).replace(/[\s._-]/gu, '');

/**
 * What makes a staff password too easy to guess, or null when it is fine: only digits, one
 * character repeated, the account's user name in it, or one of the most common passwords.
 * A pure check of the text; the length is the schema's.
 */
export function passwordWeakness(password: string, username: string): PasswordWeakness | null {
  const text = folded(password);
  if (/^\p{Nd}+$/u.test(text)) return 'digits_only';
  if (/^(.)\1*$/su.test(text)) return 'one_character';
  const name = compact(username);
  if (name.length >= MIN_NAME_IN_PASSWORD && compact(password).includes(name)) return 'contains_username';
  if (commonPasswords().has(text)) return 'common';
  return null;
}

const WHY: Record<PasswordWeakness, string> = {
  digits_only: 'it is only digits',
  one_character: 'it is one character repeated',
  contains_username: 'it contains the user name',
  common: 'it is one of the most common passwords',
};

/**
 * Refuses a password that {@link passwordWeakness} finds too easy to guess: 400
 * PASSWORD_TOO_WEAK with the reason and the field it came in.
 */
export function assertStrongPassword(password: string, username: string, field: string): void {
  const reason = passwordWeakness(password, username);
  if (reason === null) return;
  throw new AppError(
    'PASSWORD_TOO_WEAK',
    `${field}: this password is too easy to guess (${WHY[reason]}); choose a longer or less obvious one.`,
    { reason, field },
  );
}
