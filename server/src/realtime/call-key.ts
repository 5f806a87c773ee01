import { createHmac, randomBytes } from 'node:crypto';

/** Turns a ticket's id into the opaque key a hall display gets instead. */
export type CallKeyOf = (ticketId: string) => string;

/**
 * Keys for the hall display. Anyone in the hall may watch a display, and a ticket's id opens
 * its status page (`/api/tickets/:id`, the QR code's `/t/<id>`), so displays get an HMAC of the
 * id under a secret that never leaves this process: the same ticket always has the same key (a
 * recall replaces its line), the key cannot be turned back into the id, and no route accepts it.
 * A restart draws a new secret; reconnecting displays get a snapshot with the new keys first.
 */
export function callKeys(secret: Buffer = randomBytes(32)): CallKeyOf {
  // 96 bits: no two tickets of a day share a key, and a key is shorter than a ticket id.
  return (ticketId) => createHmac('sha256', secret).update(ticketId).digest('base64url').slice(0, 16);
}
