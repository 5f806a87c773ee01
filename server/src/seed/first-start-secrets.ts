import { closeSync, constants, fchmodSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SeedDevice, SeedOffice, SeedReport } from './sample-office.ts';

/** The file in DATA_DIR that holds the first start's passwords and pairing links. */
export const SECRETS_FILE = 'first-start-secrets.txt';

/**
 * What the person who installed Numerek needs to sign in and pair the sample devices, or null
 * when nothing was generated (ADMIN_PASSWORD given and no sample office).
 */
export function secretsText(seed: SeedReport, publicUrl: string, createdAt: Date): string | null {
  if (seed.offices) return citySecretsText(seed, seed.offices, publicUrl, createdAt);
  if (!seed.admin.password && !seed.clerks.length && !seed.devices.length) return null;
  const lines = [
    `Numerek: first start of "${seed.officeName}", ${createdAt.toISOString()}`,
    ``,
    `Sign in at ${publicUrl}/counter/`,
    seed.admin.password
      ? `    administrator   ${seed.admin.username} / ${seed.admin.password}`
      : `    administrator   ${seed.admin.username} / the password in ADMIN_PASSWORD`,
    ...seed.clerks.map((c) => `    clerk           ${c.username} / ${c.password}`),
    ``,
    `Everyone who signs in with a password from this file chooses a new one at once.`,
  ];
  if (seed.devices.length) {
    lines.push(``, ...PAIRING_INTRO, ...seed.devices.map(pairingLine));
  }
  lines.push(``, `Delete this file once you have read it.`);
  return lines.join('\n') + '\n';
}

const PAIRING_INTRO = [
  `Open each pairing link once, on its device, before it expires (a link works once; a new`,
  `one is made in the console's Devices page):`,
];

const pairingLine = (d: SeedDevice) =>
  `    pair ${d.kind.padEnd(8)}  ${d.pairingUrl}   (expires ${d.pairingExpiresAt})`;

/** SEED=sample-city: the central administrator, then each office with its own people and devices. */
function citySecretsText(
  seed: SeedReport,
  offices: readonly SeedOffice[],
  publicUrl: string,
  createdAt: Date,
): string {
  const lines = [
    `Numerek: first start of ${offices.map((o) => `"${o.name}"`).join(' and ')}, ${createdAt.toISOString()}`,
    ``,
    `Sign in at ${publicUrl}/counter/`,
    seed.admin.password
      ? `    central administrator   ${seed.admin.username} / ${seed.admin.password}`
      : `    central administrator   ${seed.admin.username} / the password in ADMIN_PASSWORD`,
    `    (creates offices and their administrators, reads reports across offices)`,
  ];
  for (const o of offices) {
    lines.push(
      ``,
      o.name,
      `    administrator   ${o.admin.username} / ${o.admin.password}`,
      ...o.clerks.map((c) => `    clerk           ${c.username} / ${c.password}`),
    );
    if (o.devices.length) lines.push(...o.devices.map(pairingLine));
  }
  lines.push(
    ``,
    `Everyone who signs in with a password from this file chooses a new one at once.`,
    ...PAIRING_INTRO,
    `Each office's devices are paired with its own links and work only for that office.`,
    ``,
    `Delete this file once you have read it.`,
  );
  return lines.join('\n') + '\n';
}

/**
 * Writes the first start's secrets to a new file in `dir` that only this process's user can
 * read: created with O_EXCL and mode 0600 in one call, so it is never readable by anyone else,
 * not even for an instant, and never written through a file or link that was already there
 * (`first-start-secrets-2.txt` and so on if the name is taken). Returns the file's path.
 */
export function writeSecretsFile(dir: string, text: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? SECRETS_FILE : SECRETS_FILE.replace('.txt', `-${n}.txt`));
    let fd: number;
    try {
      fd = openSync(
        file,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw error;
    }
    try {
      // The umask can only take permissions away; this makes the mode exactly 0600 whatever it is.
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return file;
  }
}
