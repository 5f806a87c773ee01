import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Actor } from '../actor.ts';
import type { Access } from './actor.ts';

/** The Fastify instance with TypeBox types: route handlers get typed bodies and params. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; every /api route must say. */
    access?: readonly Access[];
    /**
     * Open to a signed-in user who must still choose a new password (reading who they are and
     * choosing it); every other non-public route answers 403 PASSWORD_CHANGE_REQUIRED to them.
     */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}
