import pg from 'pg';

/** The oldest PostgreSQL Numerek runs on (`server_version_num` of 15.0). */
export const MINIMUM_SERVER_VERSION = 150000;

/** What is wrong with the database Numerek was given, for a start that refuses. */
export type StorageProblem =
  'bad-url' | 'unreachable' | 'refused-login' | 'no-database' | 'too-old' | 'no-permission' | 'other';

/**
 * Numerek cannot use its database. The message names what is wrong and what to do, for the
 * person starting the server; it never holds the password.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly problem: StorageProblem,
    message: string,
  ) {
    super(message);
  }
}

interface Where {
  host: string;
  port: string;
  user: string;
  database: string;
}

/** The parts of a `postgres://` address the messages name, or a StorageError saying why there are none. */
export function parsePostgresUrl(url: string): Where {
  const expected =
    'expected postgres://user:password@host:5432/database (a password with special characters must be URL-encoded)';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StorageError('bad-url', `DATABASE_URL is not a valid address: ${expected}`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new StorageError('bad-url', `DATABASE_URL is a ${u.protocol}// address: ${expected}`);
  const socket = u.searchParams.get('host');
  if (!u.hostname && !socket) throw new StorageError('bad-url', `DATABASE_URL names no host: ${expected}`);
  let database: string;
  try {
    database = decodeURIComponent(u.pathname.slice(1));
  } catch {
    throw new StorageError('bad-url', `DATABASE_URL has a badly encoded database name: ${expected}`);
  }
  if (!database) throw new StorageError('bad-url', `DATABASE_URL names no database: ${expected}`);
  if (database.includes('/'))
    throw new StorageError('bad-url', `DATABASE_URL names the database "${database}": ${expected}`);
  let user: string;
  try {
    user = decodeURIComponent(u.username);
  } catch {
    throw new StorageError('bad-url', `DATABASE_URL has a badly encoded user name: ${expected}`);
  }
  return {
    host: u.hostname || socket || '',
    port: u.port || '5432',
    user: user || '(the system user)',
    database,
  };
}

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : '';

/** A `pg` error, or a connection failure from Node, as the problem a person can act on. */
export function explainConnectionError(error: unknown, w: Where): StorageError {
  const at = `${w.host}:${w.port}`;
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new StorageError(
        'unreachable',
        `Cannot reach PostgreSQL at ${at}: nothing accepts connections there. Is the server running, and does it listen on that address and port (listen_addresses, port in postgresql.conf; a firewall)?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StorageError(
        'unreachable',
        `Cannot reach PostgreSQL at ${at}: the host name "${w.host}" is not known here.`,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StorageError(
        'unreachable',
        `Cannot reach PostgreSQL at ${at}: no answer (${code}). Check the address, the network and any firewall between.`,
      );
    case 'ENOENT':
      return new StorageError('unreachable', `Cannot reach PostgreSQL at ${at}: there is no socket there.`);
    case '28P01':
      return new StorageError(
        'refused-login',
        `PostgreSQL at ${at} refused user "${w.user}": wrong password, or no such user. Check the user and password in DATABASE_URL.`,
      );
    case '28000':
      return new StorageError(
        'refused-login',
        `PostgreSQL at ${at} does not let user "${w.user}" in: no such role, the role may not log in, or pg_hba.conf has no line for this user, database and address. (${text})`,
      );
    case '3D000':
      return new StorageError(
        'no-database',
        `PostgreSQL at ${at} has no database "${w.database}". Create it as an administrator, owned by Numerek's user: CREATE DATABASE "${w.database}" OWNER "${w.user}"; (or: createdb -h ${w.host} -p ${w.port} -O ${w.user} ${w.database}). Numerek creates its tables itself.`,
      );
    case '53300':
      return new StorageError('other', `PostgreSQL at ${at} has no connection left for Numerek (${text}).`);
  }
  if (/timeout/i.test(text))
    return new StorageError(
      'unreachable',
      `Cannot reach PostgreSQL at ${at}: no answer within the time allowed. Check the address, the network and any firewall between.`,
    );
  return new StorageError('other', `PostgreSQL at ${at} could not be used: ${text}`);
}

/** The refusal for a server older than Numerek supports, or null. */
export function versionProblem(
  versionNum: number,
  w: Where,
  minimum = MINIMUM_SERVER_VERSION,
): StorageError | null {
  if (versionNum >= minimum) return null;
  const major = Math.floor(versionNum / 10000);
  const minor = versionNum % 10000;
  return new StorageError(
    'too-old',
    `PostgreSQL at ${w.host}:${w.port} is version ${major}.${minor}; Numerek needs PostgreSQL ${Math.floor(minimum / 10000)} or newer.`,
  );
}

/**
 * Connects once to the database Numerek was given and refuses, with a StorageError naming what
 * is wrong, when the address is not a PostgreSQL address, the server cannot be reached, it
 * refuses the user or password, the database does not exist, the server is too old, or the user
 * may not create the tables of a new database.
 * `minimumVersion` is `server_version_num`'s form (150000 for 15.0).
 */
export async function checkPostgres(
  url: string,
  opts: { minimumVersion?: number; timeoutMs?: number } = {},
): Promise<void> {
  const where = parsePostgresUrl(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: opts.timeoutMs ?? 10_000,
    application_name: 'numerek',
  });
  // A connection that breaks after the check is of no concern here; without a listener it
  // would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainConnectionError(error, where);
  }
  try {
    const res = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    const problem = versionProblem(Number(res.rows[0]?.server_version_num ?? 0), where, opts.minimumVersion);
    if (problem) throw problem;
    // A new database needs its tables made: since PostgreSQL 15 only the database's owner may
    // create them in the public schema unless granted.
    const rights = await client.query<{ migrated: boolean; can_create: boolean; schema: string | null }>(
      `SELECT to_regclass('schema_migrations') IS NOT NULL AS migrated, current_schema() AS schema,
              has_schema_privilege(coalesce(current_schema(), 'public'), 'CREATE') AS can_create`,
    );
    const r = rights.rows[0];
    if (r && !r.migrated && !r.can_create)
      throw new StorageError(
        'no-permission',
        `User "${where.user}" may not create Numerek's tables in database "${where.database}" (schema ${r.schema ?? 'public'}) on ${where.host}:${where.port}. Make the user the database's owner: ALTER DATABASE "${where.database}" OWNER TO "${where.user}"; (or: GRANT CREATE ON SCHEMA ${r.schema ?? 'public'} TO "${where.user}";)`,
      );
  } catch (error) {
    throw error instanceof StorageError ? error : explainConnectionError(error, where);
  } finally {
    await client.end().catch(() => undefined);
  }
}
