import { Type } from 'typebox';
import {
  CallChosenBody,
  Counter,
  CounterActionResult,
  CounterCreate,
  CounterDetail,
  CounterPatch,
  IdempotencyHeaders,
  IdParams,
  OpenCounterBody,
  PauseBody,
  TransferBody,
} from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import { STAFF } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { answerOnce } from '../../http/idempotent.ts';
import { ok } from '../../http/route-helpers.ts';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { IdempotencyService, Once } from '../idempotency/idempotency.service.ts';
import type { CounterDetailService } from './counter-detail.service.ts';
import type { CounterSessionService } from './counter-session.service.ts';
import type { CounterWorkflowService } from './counter-workflow.service.ts';
import type { CounterService } from './counter.service.ts';

type Action = (actor: UserActor, counterId: string, once: Once | null) => Promise<CounterActionResult>;

export function counterRoutes(
  app: App,
  parts: {
    counters: CounterService;
    sessions: CounterSessionService;
    detail: CounterDetailService;
    workflow: CounterWorkflowService;
  },
  idempotency: IdempotencyService,
): void {
  const { counters, sessions, detail, workflow } = parts;
  const tags = ['counters'];
  // Every action takes an Idempotency-Key: a retried press answers the first one's result.
  const action = {
    config: { access: STAFF },
    schema: { tags, headers: IdempotencyHeaders, params: IdParams, response: ok(CounterActionResult) },
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
      (req, reply) =>
        answerOnce(idempotency, req, reply, 200, (once) => run(userOf(req.actor), req.params.id, once)),
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
      answerOnce(idempotency, req, reply, 200, (once) =>
        sessions.open(userOf(req.actor), req.params.id, req.body ?? {}, once),
      ),
  );
  app.post(
    '/api/counters/:id/transfer',
    { ...action, schema: { ...action.schema, body: TransferBody } },
    (req, reply) =>
      answerOnce(idempotency, req, reply, 200, (once) =>
        workflow.transfer(userOf(req.actor), req.params.id, req.body, once),
      ),
  );
  app.post(
    '/api/counters/:id/pause',
    { ...action, schema: { ...action.schema, body: PauseBody } },
    (req, reply) =>
      answerOnce(idempotency, req, reply, 200, (once) =>
        sessions.pause(userOf(req.actor), req.params.id, req.body, once),
      ),
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
      answerOnce(idempotency, req, reply, 200, (once) =>
        workflow.callChosen(userOf(req.actor), req.params.id, req.body, once),
      ),
  );

  adminCrudRoutes(
    app,
    'counters',
    { item: Counter, create: CounterCreate, patch: CounterPatch, tags },
    counters,
  );
}
