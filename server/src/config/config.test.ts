import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseFile).toBe(path.join(path.resolve('./data'), 'numerek.sqlite'));
    expect(c.seed).toBe('sample-office');
    expect(c.officeTimeZone).toBe('Europe/Warsaw');
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/tmp/n',
      ADMIN_PASSWORD: 'secret-password',
      SEED: 'none',
      TZ_OFFICE: 'Europe/Kyiv',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://192.168.1.10:8080/',
      COOKIE_SECURE: 'true',
      ISSUE_RATE_PER_MINUTE: '5',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/tmp/n',
      adminPassword: 'secret-password',
      seed: 'none',
      officeTimeZone: 'Europe/Kyiv',
      logLevel: 'warn',
      publicUrl: 'http://192.168.1.10:8080',
      cookieSecure: true,
      issueRatePerMinute: 5,
    });
  });

  it('reads SEED as the sample office (unset, "sample" or "sample-office"), the sample city, or nothing', () => {
    expect(loadConfig({ SEED: 'sample' }).seed).toBe('sample-office');
    expect(loadConfig({ SEED: 'sample-office' }).seed).toBe('sample-office');
    expect(loadConfig({ SEED: 'sample-city' }).seed).toBe('sample-city');
    expect(loadConfig({ SEED: 'none' }).seed).toBe('none');
    expect(() => loadConfig({ SEED: 'city' })).toThrow(/SEED="city": expected .*"sample-city"/);
  });

  it('fails fast naming every wrong variable and what it should be', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SEED: 'demo', TZ_OFFICE: 'Mars/Olympus', ADMIN_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty": expected a port number');
    expect(message).toContain('SEED="demo"');
    expect(message).toContain('TZ_OFFICE="Mars/Olympus"');
    expect(message).toContain('ADMIN_PASSWORD');
    expect(message).not.toContain('short');
  });

  it('keeps the data in DATA_DIR unless DATABASE_URL names a PostgreSQL database, and never shows its password', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const url = 'postgres://numerek:s3cret@db.city.example:5432/numerek';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgresql://numerek@db/numerek' }).databaseUrl).toBe(
      'postgresql://numerek@db/numerek',
    );
    for (const bad of [
      'mysql://numerek:s3cret@db/numerek',
      'db.city.example/numerek',
      'postgres://numerek:s3cret@[db/n',
    ]) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (e) {
        message = e instanceof ConfigError ? e.message : '';
      }
      expect(message, bad).toContain('DATABASE_URL=');
      expect(message, bad).toContain(
        'expected a PostgreSQL address, postgres://user:password@host:5432/database',
      );
      expect(message, bad).not.toContain('s3cret');
    }
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT=70000/);
  });

  it('keeps 14 backups in DATA_DIR/backups unless BACKUP_KEEP says how many, and refuses a bad count', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/n' });
    expect(c).toMatchObject({ backupDir: '/tmp/n/backups', backupKeep: 14 });
    expect(loadConfig({ BACKUP_KEEP: '3' }).backupKeep).toBe(3);
    for (const bad of ['0', '-1', 'many', '2.5', '100000'])
      expect(() => loadConfig({ BACKUP_KEEP: bad }), bad).toThrow(
        `BACKUP_KEEP=${JSON.stringify(bad)}: expected a whole number (1 to 9999) of the newest backups to keep`,
      );
  });

  it('lets one address hold 100 live connections unless SOCKETS_PER_ADDRESS says how many, and refuses a bad count', () => {
    expect(loadConfig({}).socketsPerAddress).toBe(100);
    expect(loadConfig({ SOCKETS_PER_ADDRESS: '400' }).socketsPerAddress).toBe(400);
    for (const bad of ['0', '-1', 'many', '2.5', '10000000'])
      expect(() => loadConfig({ SOCKETS_PER_ADDRESS: bad }), bad).toThrow(
        `SOCKETS_PER_ADDRESS=${JSON.stringify(bad)}: expected a whole number (at least 1) of live connections`,
      );
  });

  it('reads ALLOWED_ORIGINS as a list of origins, and refuses addresses that are not origins', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    const c = loadConfig({ ALLOWED_ORIGINS: 'https://intranet.office.example, http://10.0.0.5:8080' });
    expect(c.allowedOrigins).toEqual(['https://intranet.office.example', 'http://10.0.0.5:8080']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://intranet.office.example/path' })).toThrow(
      /ALLOWED_ORIGINS=.*comma-separated list/,
    );
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'intranet.office.example' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'http://[' })).toThrow(/ALLOWED_ORIGINS/);
  });

  it('sends the session cookie only over HTTPS when PUBLIC_URL is https, unless COOKIE_SECURE says otherwise', () => {
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://numerek.office.example' }).cookieSecure).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://192.168.1.10:3000' }).cookieSecure).toBe(false);
    expect(
      loadConfig({ PUBLIC_URL: 'https://numerek.office.example', COOKIE_SECURE: 'false' }).cookieSecure,
    ).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
  });

  it('opens /metrics to METRICS_TOKEN and the ranges in METRICS_ALLOW, refusing bad ones without showing the token', () => {
    const none = loadConfig({});
    expect(none.metricsToken).toBeUndefined();
    expect(none.metricsAllow).toEqual([]);
    const set = loadConfig({ METRICS_TOKEN: 'a'.repeat(24), METRICS_ALLOW: '127.0.0.1, 10.0.5.0/24,::1' });
    expect(set.metricsToken).toBe('a'.repeat(24));
    expect(set.metricsAllow).toEqual(['127.0.0.1', '10.0.5.0/24', '::1']);
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    const short = refused({ METRICS_TOKEN: 'short-secret-token' });
    expect(short).toContain('METRICS_TOKEN=(hidden)');
    expect(short).not.toContain('short-secret-token');
    expect(refused({ METRICS_ALLOW: '10.0.5.0/33' })).toContain('METRICS_ALLOW=');
    expect(refused({ METRICS_ALLOW: '10.0.5' })).toContain('METRICS_ALLOW=');
  });

  it('sends e-mail only when SMTP_HOST and MAIL_FROM are set, STARTTLS on 587 by default, never showing the password', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    const mail = loadConfig({
      SMTP_HOST: 'smtp.urzad.example',
      MAIL_FROM: 'Urząd <rezerwacje@urzad.example>',
    }).mail;
    expect(mail).toEqual({
      host: 'smtp.urzad.example',
      port: 587,
      tls: 'starttls',
      user: undefined,
      password: undefined,
      from: 'Urząd <rezerwacje@urzad.example>',
    });
    expect(loadConfig({ SMTP_HOST: 'mail', SMTP_TLS: 'tls', MAIL_FROM: 'a@b.pl' }).mail?.port).toBe(465);
    expect(
      loadConfig({ SMTP_HOST: 'mail', SMTP_PORT: '2525', SMTP_TLS: 'none', MAIL_FROM: 'a@b.pl' }).mail,
    ).toMatchObject({ port: 2525, tls: 'none' });
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(refused({ SMTP_HOST: 'mail' })).toContain('MAIL_FROM');
    expect(refused({ SMTP_HOST: 'mail', MAIL_FROM: 'a@b.pl', SMTP_TLS: 'ssl' })).toContain('SMTP_TLS=');
    expect(refused({ SMTP_HOST: 'mail', MAIL_FROM: 'a@b.pl', SMTP_PORT: '70000' })).toContain('SMTP_PORT=');
    const noUser = refused({ SMTP_HOST: 'mail', MAIL_FROM: 'a@b.pl', SMTP_PASSWORD: 'very-secret-1' });
    expect(noUser).toContain('SMTP_USER');
    expect(noUser).not.toContain('very-secret-1');
  });
});
