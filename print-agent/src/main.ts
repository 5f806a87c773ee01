import { PrintAgent, type AgentLog } from './agent.ts';
import { AgentConfigError, loadAgentConfig } from './config.ts';
import { obtainToken, PairingError } from './token-store.ts';

/** One line per event on standard output: time, level, message, fields (never a name: tickets have none). */
const log: AgentLog = {
  info: (message, fields) => write('info', message, fields),
  warn: (message, fields) => write('warn', message, fields),
  error: (message, fields) => write('error', message, fields),
};

function write(level: string, message: string, fields?: Record<string, unknown>): void {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const line = `${new Date().toISOString()} ${level} ${message}${extra}\n`;
  (level === 'info' ? process.stdout : process.stderr).write(line);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadAgentConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof AgentConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let token: string;
  try {
    token = await obtainToken({
      url: config.url,
      dir: config.dataDir,
      code: config.pairingCode,
      onWaiting: () => log.warn('the server cannot be reached yet; trying again', { url: config.url }),
    });
  } catch (error) {
    if (error instanceof PairingError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const agent = new PrintAgent({
    url: config.url,
    token,
    dataDir: config.dataDir,
    allowLocal: config.allowLocal,
    log,
  });
  agent.onFatal(() => {
    void agent.close().finally(() => process.exit(2));
  });
  agent.onReady(() => log.info('ready: printing for the server'));
  agent.start();
  log.info('print agent started', { url: config.url, data: config.dataDir });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    void agent.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
