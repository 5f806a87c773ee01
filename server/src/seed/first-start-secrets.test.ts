import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRETS_FILE, secretsText, writeSecretsFile } from './first-start-secrets.ts';
import type { SeedReport } from './sample-office.ts';

const SAMPLE: SeedReport = {
  officeName: 'Urząd Miasta Przykładowo',
  admin: { username: 'admin', password: 'generated-admin-pw' },
  clerks: [{ username: 'anna.nowak', password: 'generated-clerk-pw' }],
  devices: [
    {
      kind: 'kiosk',
      name: 'Biletomat',
      pairingUrl: 'http://localhost:3000/kiosk/#pair=tok',
      pairingExpiresAt: '1970-01-02T00:00:00.000Z',
    },
  ],
};

describe('the first start’s secrets file', () => {
  it('holds the passwords and pairing links, and says to delete it', () => {
    const text = secretsText(SAMPLE, 'http://localhost:3000', new Date(0)) ?? '';
    expect(text).toContain('admin / generated-admin-pw');
    expect(text).toContain('anna.nowak / generated-clerk-pw');
    expect(text).toContain('pair kiosk     http://localhost:3000/kiosk/#pair=tok');
    expect(text).toContain('(expires 1970-01-02T00:00:00.000Z)');
    expect(text).toContain('Delete this file once you have read it.');
  });

  it('is not written when nothing was generated (ADMIN_PASSWORD, no sample office)', () => {
    const empty: SeedReport = {
      ...SAMPLE,
      admin: { username: 'admin', password: null },
      clerks: [],
      devices: [],
    };
    expect(secretsText(empty, 'http://localhost:3000', new Date(0))).toBeNull();
  });

  it('is created with mode 0600, never over or through a file or link already there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-secrets-'));
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'numerek-outside-')), 'target');
    writeFileSync(outside, 'outside');
    writeFileSync(path.join(dir, SECRETS_FILE), 'an older file');
    symlinkSync(outside, path.join(dir, 'first-start-secrets-2.txt'));

    const file = writeSecretsFile(dir, 'secret text\n');
    expect(path.basename(file)).toBe('first-start-secrets-3.txt');
    expect(readFileSync(file, 'utf8')).toBe('secret text\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).toBe('an older file');
    expect(readFileSync(outside, 'utf8')).toBe('outside');
  });
});
