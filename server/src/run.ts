import { VirtualPrinter } from '@numerek/hardware';
import path from 'node:path';
import { buildApp } from './app.ts';
import { PRINTER_POLL_MS } from './modules/printers/printer.service.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { connectDatabase, StorageError } from './db/database.ts';
import { PostgresDb } from './db/postgres/postgres-db.ts';
import { databaseClock } from './lib/database-clock.ts';
import { secretsText, writeSecretsFile } from './seed/first-start-secrets.ts';
import { seedIfEmpty, type SeedReport } from './seed/sample-office.ts';

function banner(url: string, dataFile: string, seed: SeedReport | null, secretsFile: string | null): string {
  const lines = [
    ``,
    `  Numerek is running: ${url}/`,
    `    clerk panel and console  ${url}/counter/`,
    `    kiosk                    ${url}/kiosk/`,
    `    hall display             ${url}/display/`,
    `    API description          ${url}/api/openapi.json`,
    `    data                     ${dataFile}`,
  ];
  if (seed) {
    // Passwords and pairing links never go to standard output, which ends up in system logs.
    const created = seed.offices?.map((o) => `"${o.name}"`).join(' and ') ?? `"${seed.officeName}"`;
    lines.push(``, `  First start: created ${created}.`);
    if (seed.offices)
      lines.push(`    admin is the central administrator; each office has its own administrator.`);
    if (secretsFile) {
      lines.push(
        `    passwords and pairing links  ${secretsFile}`,
        `    (only the user this server runs as can read it)`,
        seed.admin.password
          ? `    Sign in at ${url}/counter/ as admin with the password from that file, and choose your own.`
          : `    Sign in at ${url}/counter/ as admin with the password in ADMIN_PASSWORD.`,
        `    Then delete the file once you have read it.`,
      );
    } else {
      lines.push(`    Sign in at ${url}/counter/ as admin with the password in ADMIN_PASSWORD.`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let db;
  try {
    db = await connectDatabase(
      config.databaseUrl
        ? { engine: 'postgres', url: config.databaseUrl }
        : { engine: 'sqlite', file: config.databaseFile },
    );
  } catch (error) {
    if (error instanceof StorageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // On PostgreSQL every writer takes the time from the database server's clock (decision 0018).
  const clock = await databaseClock(db);
  // Kiosks without a printer of their own print to the virtual printer: ESC/POS bytes and a PDF
  // of every ticket under DATA_DIR/printed/<day>/, kept for RETENTION_DAYS.
  const printer = new VirtualPrinter({ dir: path.join(config.dataDir, 'printed') });
  const app = await buildApp({ config, db, clock, printer });
  const seed = await seedIfEmpty(app.services, config);
  const secrets = seed ? secretsText(seed, config.publicUrl, new Date(clock.now())) : null;
  const secretsFile = secrets ? writeSecretsFile(config.dataDir, secrets) : null;
  // On PostgreSQL the pool's connections are opened now, before the load balancer can send this
  // node anything, not by the first clients' requests.
  if (db instanceof PostgresDb) await db.warm();
  await app.listen({ port: config.port, host: config.host });
  app.services.printers.startPolling(PRINTER_POLL_MS);
  process.stdout.write(banner(config.publicUrl, db.location, seed, secretsFile));

  // Retention (RETENTION_DAYS) now and daily, and pruning: on one node of an installation at a time.
  await app.housekeeping.start();

  // A service manager's stop (SIGTERM) or Ctrl+C: apps are told the server is restarting, so
  // they reconnect at once; no new request is taken; requests under way finish and their writes
  // commit (the write queue drains as the app closes); then the process exits with 0.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: stopping`);
    app.realtime.announceRestart();
    // Node.js closes the connections that are idle when the server closes, not those that become
    // idle later, once their request is answered: a kiosk's kept-alive connection would hold the
    // stop for the keep-alive timeout. They are closed as they fall idle.
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 50);
    await app.close();
    clearInterval(closeIdle);
    app.log.info('requests answered, writes committed');
    // The virtual printer finishes the PDFs of tickets already printed.
    await printer.close();
    clock.stop();
    await db.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
