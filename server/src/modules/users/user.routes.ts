import { Type } from 'typebox';
import { IdParams, User, UserCreate, UserPatch } from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { UserService } from './user.service.ts';

export function userRoutes(app: App, users: UserService): void {
  const tags = ['users'];
  app.get(
    '/api/admin/users',
    { config: { access: SUPERVISORS }, schema: { tags, response: ok(Type.Array(User)) } },
    (req) => users.list(userOf(req.actor).officeId),
  );
  app.post(
    '/api/admin/users',
    { config: { access: SUPERVISORS }, schema: { tags, body: UserCreate, response: created(User) } },
    async (req, reply) => reply.status(201).send(await users.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Edit, reset the password, change the role or deactivate',
        params: IdParams,
        body: UserPatch,
        response: ok(User),
      },
    },
    (req) => users.update(userOf(req.actor), req.params.id, req.body),
  );
  app.delete(
    '/api/admin/users/:id',
    { config: { access: SUPERVISORS }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await users.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
}
