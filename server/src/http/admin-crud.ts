import { Type, type Static, type TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams } from '@numerek/shared';
import type { UserActor } from '../actor.ts';
import { SUPERVISORS, type Access } from './actor.ts';
import { userOf } from './auth-hooks.ts';
import { created, ok } from './route-helpers.ts';
import type { App } from './types.ts';

/** What a service offers for a resource the console manages. */
export interface CrudService<Item, Create, Patch> {
  list(officeId: string): Promise<Item[]>;
  create(actor: UserActor, input: Create): Promise<Item>;
  update(actor: UserActor, id: string, patch: Patch): Promise<Item>;
  remove(actor: UserActor, id: string): Promise<void>;
}

/**
 * The console's CRUD under `/api/admin/<resource>`: `GET` list, `POST` create → 201,
 * `PATCH /:id`, `DELETE /:id` → 204. Supervisors and admins; the service applies finer rules.
 */
export function adminCrudRoutes<I extends TSchema, C extends TSchema, P extends TSchema>(
  app: App,
  resource: string,
  schemas: {
    item: I;
    create: C;
    patch: P;
    tags: string[];
    summaries?: Partial<Record<'create' | 'patch', string>>;
    createdItem?: TSchema;
    /** Who may create one, when that is narrower than who may manage them (supervisors). */
    createAccess?: Access[];
  },
  service: CrudService<Static<I>, Static<C>, Static<P>>,
): void {
  const base = `/api/admin/${resource}`;
  const { tags } = schemas;
  const config = { access: SUPERVISORS };
  // The schemas validate and serialise at run time; the generic route types are spelled out here
  // once rather than inferred through the type provider, which cannot see through generics.
  const r = app as unknown as FastifyInstance;
  r.get(base, { config, schema: { tags, response: ok(Type.Array(schemas.item)) } }, (req) =>
    service.list(userOf(req.actor).officeId),
  );
  r.post<{ Body: Static<C> }>(
    base,
    {
      config: { access: schemas.createAccess ?? SUPERVISORS },
      schema: {
        tags,
        summary: schemas.summaries?.create,
        body: schemas.create,
        response: created(schemas.createdItem ?? schemas.item),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(userOf(req.actor), req.body as Static<C>)),
  );
  r.patch<{ Params: IdParams; Body: Static<P> }>(
    `${base}/:id`,
    {
      config,
      schema: {
        tags,
        summary: schemas.summaries?.patch,
        params: IdParams,
        body: schemas.patch,
        response: ok(schemas.item),
      },
    },
    (req) => service.update(userOf(req.actor), req.params.id, req.body as Static<P>),
  );
  r.delete<{ Params: IdParams }>(
    `${base}/:id`,
    { config, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await service.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
}
