import type { FastifyRequest } from 'fastify';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '@numerek/shared';
import {
  idempotencyScope,
  type IdempotencyService,
  type Once,
} from '../modules/idempotency/idempotency.service.ts';

interface ReplySide {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * Answers an action that may carry an `Idempotency-Key` (validated by the route's header schema):
 * without one it simply acts; with one it acts once and repeats the stored answer to retries,
 * marked `Idempotent-Replayed: true`. Returns the body for the route to send. `fingerprint` says
 * what of the body is kept to recognise the same request again (the whole body by default): a
 * route whose body holds something that must not be stored passes what may stand for it.
 * `replayed` brings a repeated answer up to date where part of it became known after the first
 * attempt (a kiosk ticket's print outcome); it must not act again.
 */
export async function answerOnce<T, B = unknown>(
  idempotency: IdempotencyService,
  req: FastifyRequest,
  reply: ReplySide,
  status: number,
  act: (once: Once | null) => Promise<T>,
  fingerprint: (body: B) => unknown = (body) => body,
  replayed: (answer: T) => Promise<T> = async (answer) => answer,
): Promise<T> {
  const key = req.headers[IDEMPOTENCY_KEY_HEADER];
  const scope = idempotencyScope(req.actor);
  if (typeof key !== 'string' || scope === null) {
    reply.status(status);
    return act(null);
  }
  const answer = await idempotency.run(
    {
      scope,
      key,
      route: `${req.method} ${req.url.split('?')[0] ?? ''}`,
      body: fingerprint((req.body ?? null) as B),
    },
    status,
    act,
  );
  reply.status(answer.status);
  if (!answer.replayed) return answer.body;
  reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return replayed(answer.body);
}
