import { VirtualPrinter } from '@numerek/hardware';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { connectDatabase, StorageError, type Db } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { databaseClock } from '../../lib/database-clock.ts';
import { generatePassword } from '../../lib/passwords.ts';
import { buildServices } from '../../services.ts';

/**
 * `npm run central-admin -- <user name> [--name "<full name>"]`: makes a central administrator,
 * the account that creates offices and their administrators and reads reports across offices.
 * An installation that started as one office gets its first one this way. The password is
 * generated and shown once, here; its user chooses their own at first sign-in. Works while the
 * server runs. Exit code 0 when the account was made, 1 otherwise.
 */

const USAGE = `Usage: npm run central-admin -- <user name> [--name "<full name>"]

Makes a central administrator in the installation's database (DATABASE_URL, else
DATA_DIR/numerek.sqlite): an account outside every office that creates offices and their first
administrators and reads reports across offices. Prints a generated password, which its user
replaces at first sign-in.
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (args.values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [username, ...extra] = args.positionals;
  if (!username || extra.length > 0) fail(USAGE);
  if (!/^[a-z0-9._-]{2,64}$/.test(username))
    fail(`"${username}" cannot be a user name: 2 to 64 lower-case letters, digits, ".", "_" or "-".`);
  const displayName = args.values.name?.trim();
  if (displayName !== undefined && (displayName.length < 1 || displayName.length > 120))
    fail('The full name (--name) must be 1 to 120 characters.');

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let db: Db;
  try {
    db = await connectDatabase(
      config.databaseUrl
        ? { engine: 'postgres', url: config.databaseUrl }
        : { engine: 'sqlite', file: config.databaseFile },
    );
  } catch (error) {
    if (error instanceof StorageError) fail(error.message);
    throw error;
  }
  // On PostgreSQL the account's time comes from the database server's clock, as the server's does.
  const clock = await databaseClock(db);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const printer = new VirtualPrinter({ dir: path.join(config.dataDir, 'printed') });
  const services = buildServices({ config, db, clock, printer }, quiet);
  const password = generatePassword(username);
  try {
    const made = await services.users.createCentral({
      username,
      password,
      ...(displayName ? { displayName } : {}),
      passwordChangeRequired: true,
    });
    process.stdout.write(
      [
        `Central administrator made: ${made.username}`,
        `  password   ${password}`,
        `Sign in at ${config.publicUrl}/counter/ and choose your own password at once; this one`,
        `is not shown again.`,
        ``,
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'ALREADY_EXISTS')
      fail(`The user name "${username}" is taken; choose another.`);
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      fail('There is no office yet: start Numerek once first, so that it creates one.');
    throw error;
  } finally {
    await services.writes.drain();
    await printer.close();
    clock.stop();
    await db.close();
  }
}

await main();
