import {
  databaseUrl,
  startPostgres,
  testPostgresUrl,
  type PostgresServer,
} from '@numerek/server/testing/postgres';
import { loadMigrations } from '../../server/src/db/migrations.ts';
import { POSTGRES_MIGRATIONS } from '../../server/src/db/postgres/postgres-migrate.ts';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../server/src/db/database.ts';
import {
  checkPostgres,
  StorageError,
  type StorageProblem,
} from '../../server/src/db/postgres/postgres-check.ts';
import { PostgresDb } from '../../server/src/db/postgres/postgres-db.ts';

/**
 * Numerek refuses to start on a database it cannot use, and says what is wrong. A server of its
 * own, which asks for passwords over TCP as a real installation does.
 */

const ADMIN_PASSWORD = 'admin-secret-7';
const NUMEREK_PASSWORD = 'numerek-secret-9';
let server: PostgresServer;
/** postgres://numerek:…@127.0.0.1:<port>/numerek: Numerek's own user and database. */
let good: string;

const at = (user: string, password: string, database: string): string =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${database}`;

async function refusal(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof StorageError)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

const problem = async (
  url: string,
  opts?: Parameters<typeof checkPostgres>[1],
): Promise<[StorageProblem, string]> => {
  const e = await refusal(checkPostgres(url, opts));
  return [e.problem, e.message];
};

beforeAll(async () => {
  server = await startPostgres({ password: ADMIN_PASSWORD });
  const admin = new PostgresDb(server.adminUrl, { max: 1 });
  await admin.exec(`CREATE ROLE numerek LOGIN PASSWORD '${NUMEREK_PASSWORD}';
    CREATE ROLE visitor LOGIN PASSWORD 'visitor-secret';`);
  await admin.exec('CREATE DATABASE numerek OWNER numerek');
  await admin.exec('CREATE DATABASE shared_db');
  await admin.close();
  good = at('numerek', NUMEREK_PASSWORD, 'numerek');
});

afterAll(async () => {
  await server?.stop();
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('the start-up check of DATABASE_URL', () => {
  it('accepts a reachable PostgreSQL 15 or newer, the right password and an existing database', async () => {
    await expect(checkPostgres(good)).resolves.toBeUndefined();
  });

  it('refuses an address that is not a PostgreSQL database address', async () => {
    for (const url of [
      'not an address',
      'mysql://numerek@127.0.0.1/numerek',
      'postgres://numerek@127.0.0.1:5432/',
    ]) {
      const [kind, message] = await problem(url);
      expect(kind).toBe('bad-url');
      expect(message).toMatch(/^DATABASE_URL .*expected postgres:\/\/user:password@host:5432\/database/);
    }
  });

  it('refuses a server it cannot reach, naming the host and port', async () => {
    const port = await closedPort();
    const [kind, message] = await problem(`postgres://numerek:x@127.0.0.1:${port}/numerek`);
    expect(kind).toBe('unreachable');
    expect(message).toContain(
      `Cannot reach PostgreSQL at 127.0.0.1:${port}: nothing accepts connections there`,
    );
    const [unknown, says] = await problem('postgres://numerek:x@numerek-no-such-host.invalid:5432/numerek');
    expect(unknown).toBe('unreachable');
    expect(says).toContain('the host name "numerek-no-such-host.invalid" is not known');
  });

  it('refuses a wrong password or an unknown user, never showing the password', async () => {
    const [kind, message] = await problem(at('numerek', 'wrong-password', 'numerek'));
    expect(kind).toBe('refused-login');
    expect(message).toBe(
      `PostgreSQL at 127.0.0.1:${server.port} refused user "numerek": wrong password, or no such user. Check the user and password in DATABASE_URL.`,
    );
    const [nobody, says] = await problem(at('nobody', NUMEREK_PASSWORD, 'numerek'));
    expect(nobody).toBe('refused-login');
    expect(says).toContain('refused user "nobody"');
    expect(says).not.toContain(NUMEREK_PASSWORD);
  });

  it('refuses a role the server does not let in', async () => {
    // The run's own server trusts every address, so it tells apart a role that does not exist (28000).
    const [kind, message] = await problem(
      databaseUrl(testPostgresUrl() ?? '', 'postgres').replace('postgres@', 'nobody@'),
    );
    expect(kind).toBe('refused-login');
    expect(message).toMatch(/does not let user "nobody" in: no such role/);
  });

  it('refuses a database that does not exist, and says how to create it', async () => {
    const [kind, message] = await problem(at('numerek', NUMEREK_PASSWORD, 'kolejka'));
    expect(kind).toBe('no-database');
    expect(message).toBe(
      `PostgreSQL at 127.0.0.1:${server.port} has no database "kolejka". Create it as an administrator, owned by Numerek's user: CREATE DATABASE "kolejka" OWNER "numerek"; (or: createdb -h 127.0.0.1 -p ${server.port} -O numerek kolejka). Numerek creates its tables itself.`,
    );
  });

  it('refuses a server older than the version Numerek needs', async () => {
    // The server here is PostgreSQL 15; a check that asked for 99 sees it as too old.
    const [kind, message] = await problem(good, { minimumVersion: 990000 });
    expect(kind).toBe('too-old');
    expect(message).toMatch(
      new RegExp(
        `^PostgreSQL at 127\\.0\\.0\\.1:${server.port} is version 1[5-9]\\.\\d+; Numerek needs PostgreSQL 99 or newer\\.$`,
      ),
    );
  });

  it('refuses a user who may not create the tables of a new database', async () => {
    const [kind, message] = await problem(at('visitor', 'visitor-secret', 'shared_db'));
    expect(kind).toBe('no-permission');
    expect(message).toContain('ALTER DATABASE "shared_db" OWNER TO "visitor"');
  });
});

describe('connectDatabase on PostgreSQL', () => {
  it('checks the database before migrating, and refuses with what is wrong', async () => {
    const e = await refusal(
      connectDatabase({ engine: 'postgres', url: at('numerek', NUMEREK_PASSWORD, 'kolejka') }),
    );
    expect(e.problem).toBe('no-database');
    const visitor = await refusal(
      connectDatabase({ engine: 'postgres', url: at('visitor', 'visitor-secret', 'shared_db') }),
    );
    expect(visitor.problem).toBe('no-permission');
  });

  it('migrates a new database owned by its user, and opens it again as it is', async () => {
    const db = await connectDatabase({ engine: 'postgres', url: good });
    expect(db.engine).toBe('postgres');
    expect(await db.value('SELECT max(version) FROM schema_migrations')).toBe(
      loadMigrations(POSTGRES_MIGRATIONS).at(-1)?.version,
    );
    expect(
      await db.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
    ).toBe(35);
    await db.close();
    const again = await connectDatabase({ engine: 'postgres', url: good });
    expect(await again.value('SELECT count(*) FROM schema_migrations')).toBe(
      loadMigrations(POSTGRES_MIGRATIONS).length,
    );
    await again.close();
  });
});
