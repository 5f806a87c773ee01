import { createHash } from 'node:crypto';
import type { WriteQueue } from '../../db/write-queue.ts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { keyTaken, type IdempotencyRepository } from './idempotency.repository.ts';

/** How long a key is remembered: a retry comes within seconds; a day covers any offline kiosk. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Expired keys are swept by a write at most this often, per process. */
export const IDEMPOTENCY_SWEEP_MS = 60 * 1000;

/** An action sent with an `Idempotency-Key`. */
export interface IdempotentRequest {
  /** Who sent it (see `idempotencyScope`); a key means nothing for anyone else. */
  scope: string;
  key: string;
  /** Method and path, e.g. `POST /api/counters/<id>/next`. */
  route: string;
  body: unknown;
}

/** Handed to an action so that its answer is stored together with its changes. */
export interface Once {
  /** Stores the answer. Call it inside the action's write, after its changes: both commit or neither. */
  record(body: unknown): Promise<void>;
  /** Replaces the stored answer when more is known after the commit (a kiosk ticket's print outcome). */
  amend(body: unknown): Promise<void>;
}

export interface Answer<T> {
  status: number;
  body: T;
  /** The answer is the first attempt's, repeated; nothing was done this time. */
  replayed: boolean;
}

/** The scope of a caller's keys: the device or the member of staff, never shared between them. */
export function idempotencyScope(actor: Actor): string | null {
  return actor.kind === 'anonymous' ? null : `${actor.kind}:${actor.id}`;
}

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/**
 * Runs an action at most once per key. The first attempt acts and stores its answer in the same
 * transaction as its changes; a retry with the same key, route and body gets that answer back
 * and keeps nothing of acting again (no second ticket, print, call or broadcast): it does not read
 * the key before acting, since keys are new for each action, so a retry acts, finds the key
 * stored when it stores its own, rolls back whole, and answers the stored answer. A retry that arrives while the
 * first attempt is still running waits for it: the kiosk retries because it wants the answer,
 * and a 409 would only make it ask once more. Failed attempts store nothing (they changed
 * nothing), so their retry is judged afresh.
 *
 * Across processes (several nodes on one PostgreSQL) the in-process wait does not reach: there
 * the key's row, inserted in the action's own transaction, decides. A retry racing its first
 * attempt on another node waits on the key's unique index (and, for office actions, the office's
 * lock) until the first commits, finds the key stored, rolls its own attempt back whole and
 * answers the stored answer.
 */
export class IdempotencyService {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** When this process last swept the expired keys. */
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly writes: WriteQueue,
    private readonly clock: Clock,
    private readonly keys: IdempotencyRepository,
  ) {}

  async run<T>(
    request: IdempotentRequest,
    status: number,
    act: (once: Once) => Promise<T>,
  ): Promise<Answer<T>> {
    const slot = `${request.scope}\n${request.key}`;
    for (let busy = this.inFlight.get(slot); busy; busy = this.inFlight.get(slot)) await busy;
    // The slot is taken before the stored answer is read, so a retry arriving meanwhile waits.
    let release = (): void => undefined;
    this.inFlight.set(slot, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await this.once(request, status, act);
    } finally {
      this.inFlight.delete(slot);
      release();
    }
  }

  private async once<T>(
    request: IdempotentRequest,
    status: number,
    act: (once: Once) => Promise<T>,
    retried = false,
  ): Promise<Answer<T>> {
    const hash = bodyHash(request.body);
    // A first attempt does not look for the key first: keys are new for each action, and the
    // key's insert in the action's own write finds a stored one (KeyTaken), which rolls the
    // attempt back whole and brings it here again to read it. One statement less for every action.
    const stored = retried ? await this.keys.find(request.scope, request.key) : null;
    if (stored && stored.created_at >= this.clock.now() - IDEMPOTENCY_TTL_MS) {
      if (stored.route !== request.route) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `This Idempotency-Key was already used for ${stored.route}; send a new key for each new action and the same key only to retry the same request.`,
        );
      }
      if (stored.body_hash !== hash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `This Idempotency-Key was already used for ${stored.route} with a different body; send a new key for each new action and the same key only to retry the same request unchanged.`,
        );
      }
      // Stored by this service from the same route's answer, so it has the route's shape.
      return { status: stored.status, body: JSON.parse(stored.response) as T, replayed: true };
    }

    // Found but past its day: the key may be used again.
    const expiredKey = stored !== null;
    let recorded = false;
    const once: Once = {
      record: async (body) => {
        const now = this.clock.now();
        const cutoff = now - IDEMPOTENCY_TTL_MS;
        // This key's own expired answer makes way for the new one.
        if (expiredKey) await this.keys.deleteIfOlder(request.scope, request.key, cutoff);
        // Expired keys go at write time, never in a separate job, and at most once a minute: an
        // action is one statement shorter, and a key lives at most a minute past its day.
        if (now - this.sweptAt >= IDEMPOTENCY_SWEEP_MS) {
          this.sweptAt = now;
          await this.keys.deleteOlderThan(cutoff);
        }
        const stored = await this.keys.claim({
          scope: request.scope,
          key: request.key,
          route: request.route,
          body_hash: hash,
          status,
          response: JSON.stringify(body),
          created_at: now,
        });
        // Another process acted with this key meanwhile: this attempt rolls back whole.
        if (!stored) throw new KeyTaken();
        recorded = true;
      },
      amend: async (body) => {
        if (!recorded) return;
        await this.writes.write(() =>
          this.keys.updateResponse(request.scope, request.key, JSON.stringify(body)),
        );
      },
    };
    try {
      return { status, body: await act(once), replayed: false };
    } catch (error) {
      // The first attempt committed on another node while this one ran: answer as it did. This
      // attempt may have found out at its own key (KeyTaken) or earlier, refused by the state the
      // first attempt left (a client already called, a ticket already in service): a refusal is
      // checked against the stored key before it is sent.
      if (retried) throw error;
      if (error instanceof KeyTaken || keyTaken(error)) return this.once(request, status, act, true);
      if (!recorded && (await this.keys.find(request.scope, request.key)))
        return this.once(request, status, act, true);
      throw error;
    }
  }
}

/** The key was stored by another attempt (on another node) while this one ran; nothing of it is kept. */
class KeyTaken extends Error {
  constructor() {
    super('the Idempotency-Key was stored by another attempt');
  }
}
