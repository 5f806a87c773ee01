import { VirtualPrinter } from '@numerek/hardware';
import path from 'node:path';
import { buildApp } from './app.ts';
import { PRINTER_POLL_MS } from './modules/printers/printer.service.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { connectDatabase, StorageError } from './db/database.ts';
import { PostgresDb } from './db/postgres/postgres-db.ts';
import { ConnectionDrain } from './http/connection-drain.ts';
import { databaseClock } from './lib/database-clock.ts';
import { keepDataPrivate } from './lib/private-files.ts';
import { secretsText, writeSecretsFile } from './seed/first-start-secrets.ts';
import { seedIfEmpty, type SeedReport } from './seed/sample-office.ts';

/** How long requests under way when the server is told to stop have to finish. */
const REQUESTS_GRACE_MS = 3000;
/**
 * How long, from the stop, the virtual printer goes on drawing the PDFs of tickets it printed:
 * the same time as the requests', spent alongside them. The PDFs left then are drawn at the next
 * start (decision 0043).
 */
const PDF_BACKLOG_MS = REQUESTS_GRACE_MS;
/** How long a stop may take in all before the process exits without finishing it. */
const STOP_WITHIN_MS = 10_000;

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
  // Before anything is written: the database, printed tickets and backups are the server's user's only.
  const tightened = keepDataPrivate(config.dataDir);
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
  for (const file of tightened) app.log.info(`made ${file} readable by the user the server runs as only`);
  // PDFs of tickets printed before the last stop that it left undrawn: queued before any ticket
  // of this process is printed, drawn while it serves.
  const undrawn = await printer.drawPending();
  if (undrawn > 0) app.log.info(`drawing the PDFs of ${undrawn} ticket(s) printed before the last stop`);
  const connections = new ConnectionDrain(app.server);
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
  // they reconnect at once (to another node in a central installation); no new request is taken;
  // requests under way have REQUESTS_GRACE_MS to finish and their writes commit (the write queue
  // drains as the app closes); every connection is closed; the virtual printer's PDFs still to be
  // drawn get the same time, and those left are drawn at the next start; then the process exits with 0. A stop
  // that does not end within STOP_WITHIN_MS is given up: the process says so and exits with 1,
  // so that the service manager never has to kill it.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: stopping`);
    const backlogUntil = performance.now() + PDF_BACKLOG_MS;
    const givenUp = setTimeout(() => {
      app.log.error(`${signal}: not stopped within ${STOP_WITHIN_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_WITHIN_MS);
    app.realtime.announceRestart();
    const drained = connections.drain(REQUESTS_GRACE_MS, (left) =>
      app.log.warn(`${signal}: closed ${left} connection(s) still open after ${REQUESTS_GRACE_MS / 1000} s`),
    );
    await app.close();
    drained();
    app.log.info('requests answered, writes committed');
    // The virtual printer finishes the PDFs of tickets already printed, in the time left: the
    // others are drawn at the next start.
    await printer.close(Math.max(0, backlogUntil - performance.now()));
    clock.stop();
    await db.close();
    clearTimeout(givenUp);
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
