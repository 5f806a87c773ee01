import { Type } from 'typebox';
import {
  CallChosenBody,
  Counter,
  CounterActionResult,
  type CounterActionOutcome,
  CounterCreate,
  CounterDetail,
  CounterPatch,
  IdempotencyHeaders,
  IdParams,
  OpenCounterBody,
  PauseBody,
  type StaffTicket,
  TransferBody,
} from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import { STAFF } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { answerOnce } from '../../http/idempotent.ts';
import { ok } from '../../http/route-helpers.ts';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyService, Once } from '../idempotency/idempotency.service.ts';
import type { CounterActionDone } from './counter-step.ts';
import type { CounterDetailService } from './counter-detail.service.ts';
import type { CounterSessionService } from './counter-session.service.ts';
import type { CounterWorkflowService } from './counter-workflow.service.ts';
import type { CounterService } from './counter.service.ts';

type Action = (actor: UserActor, counterId: string, once: Once | null) => Promise<CounterActionDone>;

/**
 * A stored answer as the protocol has it now. Answers stored before calls kept their decision as
 * data (migration 0009, within a key's 24 hours) have no `decision` and no `callDecision`: their
 * call is told as undecided (null), as the ticket's own record tells it.
 */
function storedOutcome(stored: CounterActionOutcome): CounterActionOutcome {
  const { decision = null, ticket }: Partial<CounterActionOutcome> = stored;
  const { callDecision = null }: Partial<StaffTicket> = ticket ?? {};
  return { ...stored, decision, ticket: ticket ? { ...ticket, callDecision } : null };
}

/** The seq a counter's live `/counter` stream has reached, with nothing of its office still pending. */
export type CounterStreamSeq = (officeId: string, counterId: string) => Promise<number>;

export function counterRoutes(
  app: App,
  parts: {
    counters: CounterService;
    sessions: CounterSessionService;
    detail: CounterDetailService;
    workflow: CounterWorkflowService;
  },
  idempotency: IdempotencyService,
  streamSeq: CounterStreamSeq,
): void {
  const { counters, sessions, detail, workflow } = parts;
  const tags = ['counters'];
  // Every action takes an Idempotency-Key: a retried press answers the first one's result.
  const action = {
    config: { access: STAFF },
    schema: { tags, headers: IdempotencyHeaders, params: IdParams, response: ok(CounterActionResult) },
  };

  // The answer carries the counter's whole detail and the stream position it reflects, so the
  // panel needs no refetch after its own action. A repeated answer gets them as they are now.
  const answer = (
    req: FastifyRequest,
    reply: FastifyReply,
    act: (once: Once | null) => Promise<CounterActionDone>,
  ): Promise<CounterActionResult> => {
    const actor = userOf(req.actor);
    const present = async ({ committed, ...done }: CounterActionDone): Promise<CounterActionResult> => {
      // Just done: the position of the action's own facts, and the counter and client as it
      // committed them; only the list is read, after the commit, so it is at least as new.
      if (committed) return { ...done, detail: await detail.after(committed), seq: committed.seq };
      const seq = await streamSeq(done.counter.officeId, done.counter.id);
      // The position first: the detail read after it is at least as new as what it says.
      return { ...done, detail: await detail.detail(actor, done.counter.id), seq };
    };
    return answerOnce(
      idempotency,
      req,
      reply,
      200,
      (once) => act(once).then(present),
      undefined,
      (stored) => present(storedOutcome(stored)),
    );
  };

  app.get(
    '/api/counters',
    {
      config: { access: STAFF },
      schema: { tags, summary: 'Counters with their live state', response: ok(Type.Array(Counter)) },
    },
    (req) => counters.list(userOf(req.actor).officeId),
  );
  app.get(
    '/api/counters/:id',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'A counter, its current ticket and the tickets it may call, in policy order',
        params: IdParams,
        response: ok(CounterDetail),
      },
    },
    (req) => detail.detail(userOf(req.actor), req.params.id),
  );

  // The actions without a body, each with what it does for the API's reader.
  const plain: Record<string, { summary?: string; run: Action }> = {
    close: { run: (actor, id, once) => sessions.close(actor, id, once) },
    next: {
      summary: 'Call the next client by the office’s policy',
      run: (actor, id, once) => workflow.next(actor, id, once),
    },
    recall: { run: (actor, id, once) => workflow.recall(actor, id, once) },
    start: { run: (actor, id, once) => workflow.start(actor, id, once) },
    finish: { run: (actor, id, once) => workflow.finish(actor, id, once) },
    'no-show': { run: (actor, id, once) => workflow.noShow(actor, id, once) },
    resume: { run: (actor, id, once) => sessions.resume(actor, id, once) },
  };
  for (const [name, { summary, run }] of Object.entries(plain)) {
    app.post(
      `/api/counters/:id/${name}`,
      { ...action, schema: { ...action.schema, ...(summary ? { summary } : {}) } },
      (req, reply) => answer(req, reply, (once) => run(userOf(req.actor), req.params.id, once)),
    );
  }

  app.post(
    '/api/counters/:id/open',
    {
      ...action,
      schema: {
        ...action.schema,
        summary: 'The clerk takes the counter (optionally serving only some of its categories)',
        body: Type.Union([OpenCounterBody, Type.Null()]),
      },
    },
    (req, reply) =>
      answer(req, reply, (once) => sessions.open(userOf(req.actor), req.params.id, req.body ?? {}, once)),
  );
  app.post(
    '/api/counters/:id/transfer',
    { ...action, schema: { ...action.schema, body: TransferBody } },
    (req, reply) =>
      answer(req, reply, (once) => workflow.transfer(userOf(req.actor), req.params.id, req.body, once)),
  );
  app.post(
    '/api/counters/:id/pause',
    { ...action, schema: { ...action.schema, body: PauseBody } },
    (req, reply) =>
      answer(req, reply, (once) => sessions.pause(userOf(req.actor), req.params.id, req.body, once)),
  );
  app.post(
    '/api/counters/:id/call',
    {
      ...action,
      schema: {
        ...action.schema,
        summary: 'Call a chosen waiting ticket (reason code required, audited)',
        body: CallChosenBody,
      },
    },
    (req, reply) =>
      answer(req, reply, (once) => workflow.callChosen(userOf(req.actor), req.params.id, req.body, once)),
  );

  adminCrudRoutes(
    app,
    'counters',
    { item: Counter, create: CounterCreate, patch: CounterPatch, tags },
    counters,
  );
}
