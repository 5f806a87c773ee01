import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statfsSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PostgresDb } from '../db/postgres/postgres-db.ts';
import { migratePostgres } from '../db/postgres/postgres-migrate.ts';

const exec = promisify(execFile);

/** The database every test database is copied from, migrated once per run. */
export const TEMPLATE_DATABASE = 'numerek_template';

/**
 * Where the test run's PostgreSQL server is: set by the `tests-pg` project's global setup
 * (tests/storage/support/postgres-global-setup.ts) to the superuser's address, read by
 * {@link newDatabase}. Unset when the run has no PostgreSQL.
 */
export const TEST_POSTGRES_URL_VARIABLE = 'NUMEREK_TEST_PG_URL';
/** The folder of the server's programs (pg_dump, pg_restore), set beside the address. */
export const TEST_POSTGRES_BIN_VARIABLE = 'NUMEREK_TEST_PG_BIN';

const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'] as const;

/**
 * The folder holding initdb, pg_ctl and postgres: the one on PATH, else the newest of Debian's
 * `/usr/lib/postgresql/<version>/bin` (the `postgresql` package puts them there, off PATH); null
 * when there is none.
 */
export function findPostgresBinaries(): string | null {
  const has = (dir: string) => PROGRAMS.every((p) => existsSync(path.join(dir, p)));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    // Debian links a few programs into /usr/local/bin or /usr/bin; the real folder holds them all.
    if (has(dir)) return path.dirname(realpathSync(path.join(dir, 'initdb')));
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = path.join(debian, v, 'bin');
    if (has(dir)) return dir;
  }
  return null;
}

export interface PostgresServer {
  /** The superuser's address, on the `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  /** The folder of initdb, pg_ctl, pg_dump, pg_restore… */
  readonly binDir: string;
  /** The temporary folder: the cluster (`data/`), its socket and its log. */
  readonly dir: string;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * A password for the `postgres` superuser, asked for on TCP (scram-sha-256); connections over
   * the server's own socket are trusted. Without it, TCP is trusted too.
   */
  password?: string;
  /** Run fsync on commit, as a real installation does (slower; off for a throwaway server). */
  fsync?: boolean;
  /** The folder to make the server's folder in (default: /dev/shm when it has room, else TMPDIR). */
  parent?: string;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Where a throwaway cluster goes: memory (`/dev/shm`) when it has room, which makes a new test
 * database about 20 times faster than on a busy disk; else the temporary folder.
 */
function scratchFolder(): string {
  const shm = '/dev/shm';
  try {
    accessSync(shm, constants.W_OK);
    const fs = statfsSync(shm);
    if (fs.bavail * fs.bsize >= 1024 ** 3) return shm;
  } catch {
    // No /dev/shm here (not Linux, or a container without it).
  }
  return tmpdir();
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` system user. */
async function asServerUser(program: string, args: string[]): Promise<void> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  await exec(file, argv, { timeout: 60_000 });
}

async function serverUser(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'PostgreSQL refuses to run as root, and there is no "postgres" system user to run it as (Debian\'s postgresql package creates one)',
    );
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
};

/**
 * A throwaway PostgreSQL server for tests: `initdb` into a new temporary folder, started on a
 * free port of 127.0.0.1 (as the `postgres` user when run as root), with {@link TEMPLATE_DATABASE}
 * migrated. If the process that started it dies without stopping it, a small guard process stops
 * it and removes its folder.
 */
export async function startPostgres(opts: StartOptions = {}): Promise<PostgresServer> {
  const binDir = findPostgresBinaries();
  if (!binDir) throw new Error('no PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine');
  const dir = mkdtempSync(path.join(opts.parent ?? scratchFolder(), 'numerek-pg-'));
  const data = path.join(dir, 'data');
  const guard = watch(binDir, data, dir);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    guard.kill();
    await asServerUser(path.join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(
      () => undefined,
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (isRoot()) {
      const { uid, gid } = await serverUser();
      chownSync(dir, uid, gid);
      await exec('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).catch(() => {
        throw new Error(
          `the postgres user cannot reach ${dir}: set TMPDIR to a folder every user can reach, such as /tmp`,
        );
      });
    }
    const log = path.join(dir, 'postgres.log');
    const auth = opts.password
      ? ['--auth-local=trust', '--auth-host=scram-sha-256']
      : ['--auth-local=trust', '--auth-host=trust'];
    await asServerUser(path.join(binDir, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      ...auth,
    ]);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c max_connections=300',
        `-c fsync=${opts.fsync ? 'on' : 'off'}`,
      ].join(' ');
      try {
        await asServerUser(path.join(binDir, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          log,
          '-w',
          '-t',
          '30',
          '-o',
          settings,
          'start',
        ]);
        break;
      } catch (error) {
        // Another program may have taken the port in between: try another one.
        if (attempt >= 3)
          throw new Error(`PostgreSQL did not start: ${String(error)}\n${tail(log)}`, { cause: error });
      }
    }
    if (opts.password) {
      const local = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
      await local.connect();
      await local.query(`ALTER ROLE postgres PASSWORD '${opts.password.replaceAll("'", "''")}'`);
      await local.end();
    }
    const secret = opts.password ? `:${encodeURIComponent(opts.password)}` : '';
    const adminUrl = `postgres://postgres${secret}@127.0.0.1:${port}/postgres`;
    await prepareTemplate(adminUrl);
    return { adminUrl, port, binDir, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A detached process that stops the server and removes its folder once this process is gone. */
function watch(binDir: string, data: string, dir: string): ChildProcess {
  const pgCtl = path.join(binDir, 'pg_ctl');
  const stop = isRoot() ? `runuser -u postgres -- "${pgCtl}"` : `"${pgCtl}"`;
  const script = `read _; ${stop} -D "$1" -m immediate stop >/dev/null 2>&1; rm -rf "$2"`;
  const guard = spawn('sh', ['-c', script, 'guard', data, dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  guard.unref();
  // The pipe closes when this process ends, however it ends; until then it keeps nothing alive.
  (guard.stdin as unknown as net.Socket | null)?.unref();
  return guard;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The address of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates {@link TEMPLATE_DATABASE} and applies every PostgreSQL migration to it. */
async function prepareTemplate(adminUrl: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  const db = new PostgresDb(databaseUrl(adminUrl, TEMPLATE_DATABASE), { max: 1 });
  try {
    await migratePostgres(db);
  } finally {
    await db.close();
  }
  await admin(adminUrl, (c) => c.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true`));
}

let made = 0;

/**
 * A new database on the test run's server (or on `serverUrl`), answered as a `postgres://`
 * address: a copy of the migrated {@link TEMPLATE_DATABASE}, or with `empty`, one with no tables.
 */
export async function newDatabase(opts: { serverUrl?: string; empty?: boolean } = {}): Promise<string> {
  const serverUrl = opts.serverUrl ?? testPostgresUrl();
  if (!serverUrl)
    throw new Error(
      `no PostgreSQL server for tests: ${TEST_POSTGRES_URL_VARIABLE} is unset (run the tests-pg project: npx vitest run --project tests-pg)`,
    );
  const name = `numerek_${process.pid}_${++made}_${Math.random().toString(36).slice(2, 8)}`;
  const template = opts.empty ? 'template0' : TEMPLATE_DATABASE;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return databaseUrl(serverUrl, name);
}

/**
 * Removes a database made by {@link newDatabase}, ending its connections: a test database takes
 * about 8 MB, and the run's server keeps its data in memory when it can.
 */
export async function dropDatabase(url: string, serverUrl = testPostgresUrl()): Promise<void> {
  if (!serverUrl) throw new Error(`no PostgreSQL server for tests: ${TEST_POSTGRES_URL_VARIABLE} is unset`);
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^numerek_\d+_\d+_[a-z0-9]+$/.test(name)) throw new Error(`${name} is not a test database`);
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The test run's PostgreSQL server (its superuser's address), if it has one. */
export function testPostgresUrl(): string | undefined {
  return process.env[TEST_POSTGRES_URL_VARIABLE] || undefined;
}

/** The folder of the test run's PostgreSQL programs (pg_dump, pg_restore), if it has a server. */
export function testPostgresBinaries(): string | undefined {
  return process.env[TEST_POSTGRES_BIN_VARIABLE] || undefined;
}
