import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AppError } from './app-error.ts';
import { passwordWeakness } from './password-policy.ts';
import { WorkGate } from './work-gate.ts';

// OWASP's scrypt recommendation: N=2^17, r=8, p=1 (about 128 MiB and 0.2 s per hash).
const PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/** The production cost of new hashes; tests lower it to keep account creation quick. */
export const PASSWORD_COST: { readonly N: number } = { N: PARAMS.N };

function derive(password: string, salt: Buffer, params: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, params, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, self-describing so the parameters can be raised later. */
export async function hashPassword(password: string, cost: { N: number } = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const params = { ...PARAMS, N: cost.N };
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** How many hashes run at once and how many may wait, for {@link PasswordHasher}. */
export interface HashingLimits {
  concurrency: number;
  queueLength: number;
}

/**
 * One hash at a time on a machine of one or two cores, two on a larger one: each hash holds a
 * thread of libuv's pool (4 by default) and a core for 0.2 s or more, and the same pool does the
 * server's file work (printing to a USB printer, the virtual printer, backups). At most two busy
 * threads leave the rest of the pool, and a core for the event loop, to everything else. Eight
 * waiting attempts are a few seconds of hashing: enough for a team signing in at opening time.
 */
export function defaultHashingLimits(cores = availableParallelism()): HashingLimits {
  return { concurrency: cores > 2 ? 2 : 1, queueLength: 8 };
}

/**
 * Hashes and checks passwords for requests (sign-in, new and changed passwords) through one
 * small gate, so that parallel attempts, wrong ones above all, cannot take libuv's thread pool
 * and the processor from issuing and printing. An attempt beyond the queue is refused at once
 * with PASSWORDS_BUSY and a `Retry-After`; nothing else ever waits behind the hashing.
 */
export class PasswordHasher {
  private readonly gate: WorkGate;

  constructor(
    private readonly cost: { N: number } = PASSWORD_COST,
    limits: HashingLimits = defaultHashingLimits(),
  ) {
    // A hash at the production cost takes about 0.2 s on a current processor.
    this.gate = new WorkGate(limits.concurrency, limits.queueLength, (200 * cost.N) / PARAMS.N);
  }

  hash(password: string): Promise<string> {
    return this.through(() => hashPassword(password, this.cost));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.through(() => verifyPassword(password, stored));
  }

  private through<T>(task: () => Promise<T>): Promise<T> {
    const running = this.gate.tryRun(task);
    if (running) return running;
    const seconds = this.gate.retryAfterSeconds();
    return Promise.reject(
      new AppError(
        'PASSWORDS_BUSY',
        `The server is checking other passwords right now; try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      ),
    );
  }
}

/**
 * A readable random password for a generated account, one the password policy takes: 16 random
 * characters only by a rare chance contain the user name (or are only digits); then it draws again.
 */
export function generatePassword(username = ''): string {
  for (;;) {
    const password = randomBytes(12).toString('base64url');
    if (passwordWeakness(password, username) === null) return password;
  }
}
