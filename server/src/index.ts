export { buildApp, type AppDeps } from './app.ts';
export { buildServices, type ServiceDeps, type Services } from './services.ts';
export { loadConfig, type Config } from './config/config.ts';
export { connectDatabase, openDatabase, PostgresDb, SqliteDb, type Db } from './db/database.ts';
export type { CentralActor, UserActor } from './actor.ts';
export { PASSWORD_COST } from './lib/passwords.ts';
export { fakeClock, systemClock, type Clock, type FakeClock } from './lib/clock.ts';
export { PRINTER_POLL_MS } from './modules/printers/printer.service.ts';
export { seedIfEmpty } from './seed/sample-office.ts';
