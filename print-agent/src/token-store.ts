import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ApiClient } from '@numerek/shared/client';
import { DevicePairing, isPairingUnreachable, type PairingStorage } from '@numerek/shared/pairing';

/**
 * The agent's pairing in its data folder (`pairing.json`, readable only by the user the agent
 * runs as): the device token, a code waiting to be used, and the hash of the last code used, so
 * that starting again with the same pairing link does not try to use it twice.
 */
export class TokenStore implements PairingStorage {
  private readonly file: string;
  private values: Record<string, string>;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'pairing.json');
    this.values = existsSync(this.file) ? readValues(this.file) : {};
  }

  getItem(key: string): string | null {
    return this.values[key] ?? null;
  }

  setItem(key: string, value: string): void {
    this.values = { ...this.values, [key]: value };
    this.save();
  }

  removeItem(key: string): void {
    const { [key]: _gone, ...rest } = this.values;
    this.values = rest;
    this.save();
  }

  private save(): void {
    const next = `${this.file}.next`;
    const fd = openSync(next, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.values));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(next, 0o600);
    renameSync(next, this.file);
  }
}

function readValues(file: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

const USED_KEY = 'numerek.print-agent.usedCode';
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/** Why the agent has no token: it was never paired, or the server refused its pairing code. */
export class PairingError extends Error {
  override readonly name = 'PairingError';
}

/**
 * The agent's token: a new pairing code (from a pairing link) is used once for a token of the
 * agent's own, which replaces the one it had; otherwise the token kept in the data folder. While
 * the server cannot be reached, the code is kept and tried again every `retryMs`.
 */
export async function obtainToken(opts: {
  url: string;
  dir: string;
  code: string | null;
  retryMs?: number;
  signal?: AbortSignal;
  onWaiting?: (error: unknown) => void;
}): Promise<string> {
  const store = new TokenStore(opts.dir);
  const pairing = new DevicePairing('print-agent', store, new ApiClient({ baseUrl: opts.url }));
  const fresh = opts.code !== null && store.getItem(USED_KEY) !== hash(opts.code);
  const code = fresh ? opts.code : null;
  if (code === null) {
    const token = pairing.token();
    if (token) return token;
    throw new PairingError(
      'This print agent is not paired: give it a pairing link from the console (Devices → add a print agent).',
    );
  }
  for (;;) {
    try {
      const outcome = await pairing.use(code, opts.signal);
      store.setItem(USED_KEY, hash(code));
      if ('token' in outcome) return outcome.token;
      const kept = pairing.token();
      if (kept) return kept;
      throw new PairingError(
        `The server refused the pairing link (${outcome.refused}): make a new one in the console.`,
      );
    } catch (error) {
      if (error instanceof PairingError || !isPairingUnreachable(error) || opts.signal?.aborted) throw error;
      opts.onWaiting?.(error);
      await new Promise((resolve) => setTimeout(resolve, opts.retryMs ?? 5000));
    }
  }
}
