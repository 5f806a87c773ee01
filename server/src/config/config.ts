import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { isIP } from 'node:net';
import path from 'node:path';

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
);

const EnvSchema = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  SEED: Type.Optional(
    Type.Union(['sample', 'sample-office', 'sample-city', 'none'].map((s) => Type.Literal(s))),
  ),
  TZ_OFFICE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Optional(LogLevel),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  COOKIE_SECURE: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  ISSUE_RATE_PER_MINUTE: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  LOGIN_RATE_PER_MINUTE: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  RETENTION_DAYS: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  BACKUP_KEEP: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  ALLOWED_ORIGINS: Type.Optional(
    Type.String({ pattern: '^https?://[^\\s/,]+(\\s*,\\s*https?://[^\\s/,]+)*$' }),
  ),
  ALLOWED_HOSTS: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+(\\s*,\\s*[A-Za-z0-9.-]+)*$' })),
  TRUST_PROXY: Type.Optional(
    Type.String({ pattern: '^(true|false|[0-9]{1,2}|[0-9A-Fa-f.:/]+(\\s*,\\s*[0-9A-Fa-f.:/]+)*)$' }),
  ),
  PRINTER_ALLOW_LOCAL: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  SOCKETS_PER_ADDRESS: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  METRICS_TOKEN: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._~+/=-]{24,}$' })),
  METRICS_ALLOW: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f.:/]+(\\s*,\\s*[0-9A-Fa-f.:/]+)*$' })),
  SPEECH_IDLE_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  SMTP_HOST: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.:-]+$' })),
  SMTP_PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  SMTP_TLS: Type.Optional(Type.Union(['tls', 'starttls', 'none'].map((t) => Type.Literal(t)))),
  SMTP_USER: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  MAIL_FROM: Type.Optional(Type.String({ pattern: '^([^<>]*<)?[^@\\s<>]+@[^@\\s<>]+>?$' })),
});

const EXPLAIN: Record<string, string> = {
  PORT: 'a port number from 1 to 65535',
  HOST: 'an address to listen on, such as 0.0.0.0 or 127.0.0.1',
  DATA_DIR: 'a folder for the database and printed tickets',
  DATABASE_URL:
    'a PostgreSQL address, postgres://user:password@host:5432/database (leave it unset to keep the data in a SQLite file in DATA_DIR)',
  ADMIN_PASSWORD: 'at least 8 characters',
  SEED: '"sample-office" or "sample" (a sample office on an empty data dir), "sample-city" (two sample offices and a central administrator) or "none"',
  TZ_OFFICE: 'an IANA time zone such as Europe/Warsaw',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  PUBLIC_URL: 'the address phones and devices use to reach this server, e.g. http://192.168.1.10:3000',
  COOKIE_SECURE:
    '"true" when the server is reached over HTTPS, otherwise "false" (default: "true" when PUBLIC_URL starts with https://)',
  ISSUE_RATE_PER_MINUTE: 'a whole number of tickets one kiosk may issue per minute',
  LOGIN_RATE_PER_MINUTE:
    'a whole number of login attempts per minute per address and user name (five times as many per address)',
  RETENTION_DAYS:
    'a whole number of days (at least 1) to keep ticket records before folding them into daily totals',
  BACKUP_KEEP: 'a whole number (1 to 9999) of the newest backups to keep in DATA_DIR/backups',
  ALLOWED_ORIGINS:
    'a comma-separated list of other web addresses whose pages may use this server, e.g. https://intranet.office.example',
  ALLOWED_HOSTS:
    "a comma-separated list of host names (besides PUBLIC_URL's) under which staff open Numerek, e.g. numerek.local, kolejka.urzad.example",
  TRUST_PROXY:
    '"false" (default), "true" (trust X-Forwarded-For from anyone: only behind a proxy that every request passes), the number of proxies in front, or their comma-separated addresses or CIDR ranges, e.g. 10.0.0.2 or 10.0.0.0/24',
  PRINTER_ALLOW_LOCAL:
    '"true" to allow network printers on this machine\'s own or link-local addresses (127.x, ::1, 169.254.x, fe80::), otherwise "false"',
  SOCKETS_PER_ADDRESS:
    'a whole number (at least 1) of live connections (hall displays, clerk panels, consoles) one network address may hold at once',
  METRICS_TOKEN:
    'at least 24 letters, digits or -._~+/= that a monitoring system sends as "Authorization: Bearer <token>" to read /metrics',
  METRICS_ALLOW:
    'a comma-separated list of addresses or CIDR ranges allowed to read /metrics without the token, e.g. 127.0.0.1, 10.0.5.0/24',
  SPEECH_IDLE_MS:
    'a whole number of milliseconds after which an unused speech engine is unloaded (at least 1000)',
  SMTP_HOST:
    "the office's mail server for e-mail to clients, e.g. smtp.urzad.example (unset: no e-mail is sent)",
  SMTP_PORT: "the mail server's port from 1 to 65535 (default 465 with SMTP_TLS=tls, otherwise 587)",
  SMTP_TLS:
    '"starttls" (default: the connection must turn encrypted), "tls" (encrypted from the start, usually port 465) or "none" (a relay on the office\'s own network only)',
  SMTP_USER: 'the user name the mail server expects (unset: no login)',
  SMTP_PASSWORD: 'the password of SMTP_USER',
  MAIL_FROM:
    'the sender of e-mail to clients, e.g. "Urząd Miasta <rezerwacje@urzad.example>" (needed with SMTP_HOST)',
};

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseFile: string;
  /** A PostgreSQL database to use instead of the SQLite file (`DATABASE_URL`). */
  readonly databaseUrl: string | undefined;
  readonly adminPassword: string | undefined;
  /** What the first start creates on an empty data dir ("sample" is read as "sample-office"). */
  readonly seed: 'sample-office' | 'sample-city' | 'none';
  readonly officeTimeZone: string;
  readonly logLevel: Static<typeof LogLevel>;
  readonly publicUrl: string;
  readonly cookieSecure: boolean;
  readonly issueRatePerMinute: number;
  /**
   * How long the speech engine stays loaded after its last sentence (`SPEECH_IDLE_MS`); then its
   * process ends and its memory is returned, so an idle server carries none of it (decision 0044).
   */
  readonly speechIdleMs: number;
  readonly loginRatePerMinute: number;
  /** Ticket records older than this many days are folded into daily report aggregates and deleted. */
  readonly retentionDays: number;
  /** Where backups are written (`DATA_DIR/backups`). */
  readonly backupDir: string;
  /** How many of the newest backups in `backupDir` are kept; older ones are deleted after a backup. */
  readonly backupKeep: number;
  /**
   * Origins (besides publicUrl and the address a request came to) whose browser pages may send
   * state-changing requests and open staff sockets.
   */
  readonly allowedOrigins: readonly string[];
  /**
   * Whether a network printer may be on a loopback or link-local address. Off by default, so that
   * configuring a printer cannot make the server talk to its own services.
   */
  readonly printerAllowLocal: boolean;
  /** Host names (lower case, besides PUBLIC_URL's) under which a page of Numerek's own is trusted. */
  readonly allowedHosts: readonly string[];
  /**
   * Which reverse proxies' `X-Forwarded-For` to believe, so that rate limits see the real client:
   * false (none), true (any), addresses and CIDR ranges, or a hop count (as Fastify's trustProxy).
   */
  readonly trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  /**
   * Live socket connections one client address may hold at once, over all namespaces: enough for
   * a hall of TVs and the clerks' panels behind one router, not for one phone opening hundreds.
   */
  readonly socketsPerAddress: number;
  /** What a monitoring system sends as a Bearer token to read `/metrics` (unset: no token opens it). */
  readonly metricsToken: string | undefined;
  /** Addresses and CIDR ranges that may read `/metrics` without the token (empty: none). */
  readonly metricsAllow: readonly string[];
  /** The office's mail server for e-mail to clients (`SMTP_*`, `MAIL_FROM`); unset: no e-mail is sent. */
  readonly mail: MailConfig | undefined;
}

/** How e-mail reaches the office's mail server. */
export interface MailConfig {
  readonly host: string;
  readonly port: number;
  /** `tls`: encrypted from the start; `starttls`: must turn encrypted; `none`: plain (a local relay). */
  readonly tls: 'tls' | 'starttls' | 'none';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly from: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const check = Compile(EnvSchema);

/** True when `tz` is a time zone this Node.js knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A database address as it may be shown: the password replaced by `***`. */
export function hidePassword(url: string): string {
  // Up to the last "@": a password may hold one unencoded.
  return url.replace(/^([a-z]+:\/\/[^:@/]*:).*@/i, '$1***@');
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^[0-9]+$/.test(value)) {
    // The nearest `hops` proxies are believed, whatever their addresses.
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((a) => a.trim())
    .join(',');
}

/**
 * The only reader of the environment. Validates every variable Numerek uses and returns a frozen
 * config, or throws a ConfigError that names each wrong variable and what it should be.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const problems = new Set<string>();
  for (const error of check.Errors(known)) {
    const key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
    const shown =
      key === 'ADMIN_PASSWORD' || key === 'METRICS_TOKEN'
        ? '(hidden)'
        : key === 'DATABASE_URL'
          ? JSON.stringify(hidePassword(known[key] ?? ''))
          : JSON.stringify(known[key]);
    if (key) problems.add(`${key}=${shown}: expected ${EXPLAIN[key] ?? 'a valid value'}`);
  }
  const port = Number(known.PORT ?? 3000);
  if (!problems.size && (port < 1 || port > 65535))
    problems.add(`PORT=${known.PORT}: expected ${EXPLAIN.PORT}`);
  const tz = known.TZ_OFFICE ?? 'Europe/Warsaw';
  if (known.RETENTION_DAYS !== undefined && !problems.size && Number(known.RETENTION_DAYS) < 1)
    problems.add(
      `RETENTION_DAYS=${JSON.stringify(known.RETENTION_DAYS)}: expected ${EXPLAIN.RETENTION_DAYS}`,
    );
  if (known.DATABASE_URL?.match(/^postgres(ql)?:\/\//) && !URL.canParse(known.DATABASE_URL))
    problems.add(
      `DATABASE_URL=${JSON.stringify(hidePassword(known.DATABASE_URL))}: expected ${EXPLAIN.DATABASE_URL}`,
    );
  if (known.PUBLIC_URL !== undefined && !URL.canParse(known.PUBLIC_URL))
    problems.add(`PUBLIC_URL=${JSON.stringify(known.PUBLIC_URL)}: expected ${EXPLAIN.PUBLIC_URL}`);
  for (const origin of (known.ALLOWED_ORIGINS ?? '').split(',').filter((o) => o.trim())) {
    if (!URL.canParse(origin.trim()))
      problems.add(
        `ALLOWED_ORIGINS=${JSON.stringify(known.ALLOWED_ORIGINS)}: expected ${EXPLAIN.ALLOWED_ORIGINS}`,
      );
  }
  if (known.BACKUP_KEEP !== undefined && !problems.size && Number(known.BACKUP_KEEP) < 1)
    problems.add(`BACKUP_KEEP=${JSON.stringify(known.BACKUP_KEEP)}: expected ${EXPLAIN.BACKUP_KEEP}`);
  if (known.SOCKETS_PER_ADDRESS !== undefined && !problems.size && Number(known.SOCKETS_PER_ADDRESS) < 1)
    problems.add(
      `SOCKETS_PER_ADDRESS=${JSON.stringify(known.SOCKETS_PER_ADDRESS)}: expected ${EXPLAIN.SOCKETS_PER_ADDRESS}`,
    );
  for (const range of (known.METRICS_ALLOW ?? '').split(',').filter((a) => a.trim())) {
    const [address = '', bits, ...rest] = range.trim().split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    if (!family || rest.length || (bits !== undefined && !(/^[0-9]+$/.test(bits) && Number(bits) <= max)))
      problems.add(`METRICS_ALLOW=${JSON.stringify(known.METRICS_ALLOW)}: expected ${EXPLAIN.METRICS_ALLOW}`);
  }
  if (known.SPEECH_IDLE_MS !== undefined && !problems.size && Number(known.SPEECH_IDLE_MS) < 1000)
    problems.add(
      `SPEECH_IDLE_MS=${JSON.stringify(known.SPEECH_IDLE_MS)}: expected ${EXPLAIN.SPEECH_IDLE_MS}`,
    );
  const smtpPort = Number(known.SMTP_PORT ?? (known.SMTP_TLS === 'tls' ? 465 : 587));
  if (known.SMTP_PORT !== undefined && !problems.size && (smtpPort < 1 || smtpPort > 65535))
    problems.add(`SMTP_PORT=${JSON.stringify(known.SMTP_PORT)}: expected ${EXPLAIN.SMTP_PORT}`);
  if (known.SMTP_HOST !== undefined && known.MAIL_FROM === undefined)
    problems.add(`MAIL_FROM is not set: expected ${EXPLAIN.MAIL_FROM}`);
  if ((known.SMTP_USER === undefined) !== (known.SMTP_PASSWORD === undefined))
    problems.add(`SMTP_USER and SMTP_PASSWORD: expected both or neither`);
  if (!isValidTimeZone(tz)) problems.add(`TZ_OFFICE=${JSON.stringify(tz)}: expected ${EXPLAIN.TZ_OFFICE}`);
  if (problems.size) {
    throw new ConfigError(`Numerek cannot start; fix these settings:\n  - ${[...problems].join('\n  - ')}`);
  }
  const host = known.HOST ?? '0.0.0.0';
  const dataDir = path.resolve(known.DATA_DIR ?? './data');
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = (known.PUBLIC_URL ?? `http://${publicHost}:${port}`).replace(/\/$/, '');
  return Object.freeze({
    port,
    host,
    dataDir,
    databaseFile: path.join(dataDir, 'numerek.sqlite'),
    databaseUrl: known.DATABASE_URL,
    adminPassword: known.ADMIN_PASSWORD,
    seed:
      known.SEED === undefined || known.SEED === 'sample' ? 'sample-office' : (known.SEED as Config['seed']),
    officeTimeZone: tz,
    logLevel: (known.LOG_LEVEL ?? 'info') as Config['logLevel'],
    publicUrl,
    // Reached over HTTPS (PUBLIC_URL says so, or COOKIE_SECURE): the cookie is sent only over HTTPS.
    cookieSecure: known.COOKIE_SECURE ? known.COOKIE_SECURE === 'true' : publicUrl.startsWith('https://'),
    issueRatePerMinute: Number(known.ISSUE_RATE_PER_MINUTE ?? 30),
    speechIdleMs: Number(known.SPEECH_IDLE_MS ?? 10 * 60_000),
    loginRatePerMinute: Number(known.LOGIN_RATE_PER_MINUTE ?? 10),
    retentionDays: Number(known.RETENTION_DAYS ?? 90),
    backupDir: path.join(dataDir, 'backups'),
    backupKeep: Number(known.BACKUP_KEEP ?? 14),
    printerAllowLocal: known.PRINTER_ALLOW_LOCAL === 'true',
    allowedHosts: Object.freeze(
      (known.ALLOWED_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
    trustProxy: parseTrustProxy(known.TRUST_PROXY),
    allowedOrigins: Object.freeze(
      (known.ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => new URL(o).origin),
    ),
    socketsPerAddress: Number(known.SOCKETS_PER_ADDRESS ?? 100),
    metricsToken: known.METRICS_TOKEN,
    metricsAllow: Object.freeze(
      (known.METRICS_ALLOW ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
    mail:
      known.SMTP_HOST === undefined || known.MAIL_FROM === undefined
        ? undefined
        : Object.freeze({
            host: known.SMTP_HOST,
            port: smtpPort,
            tls: (known.SMTP_TLS ?? 'starttls') as MailConfig['tls'],
            user: known.SMTP_USER,
            password: known.SMTP_PASSWORD,
            from: known.MAIL_FROM,
          }),
  });
}
