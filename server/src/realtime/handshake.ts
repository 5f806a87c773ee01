import { HandshakeAuth, PROTOCOL_OUTDATED, PROTOCOL_VERSION } from '@numerek/shared';
import { Compile } from 'typebox/compile';
import { describeInvalid, refusal } from './socket-helpers.ts';

const checkHandshake = Compile(HandshakeAuth);

/**
 * Validates the handshake's `auth`, including the protocol version: an outdated page is told
 * `protocol-outdated` (and reloads itself) before anything else is checked.
 */
export function readHandshake(auth: unknown): HandshakeAuth {
  const protocol = (auth as { protocol?: unknown } | null)?.protocol;
  if (protocol !== PROTOCOL_VERSION) {
    throw refusal('protocol-outdated', PROTOCOL_OUTDATED);
  }
  if (!checkHandshake.Check(auth)) {
    throw refusal('bad-handshake', `The handshake is not valid: ${describeInvalid(checkHandshake, auth)}`);
  }
  return auth;
}
