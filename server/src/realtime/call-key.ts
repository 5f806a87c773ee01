import { createHmac } from 'node:crypto';

/** Turns a ticket's id into the opaque key a hall display gets instead. */
export type CallKeyOf = (ticketId: string) => string;

/**
 * Keys for the hall display. Anyone in the hall may watch a display, and a ticket's id opens
 * its status page (`/api/tickets/:id`, the QR code's `/t/<id>`), so displays get an HMAC of the
 * id under the installation's secret (`installation_secrets`, never sent anywhere): the same
 * ticket always has the same key (a recall replaces its line), on every node of a central
 * installation and across restarts, so that whichever node a display's request for the call's
 * audio reaches knows the call (decision 0037). The key cannot be turned back into the id, and no
 * route but that audio accepts it.
 */
export function callKeys(secret: Buffer): CallKeyOf {
  // 96 bits: no two tickets of a day share a key, and a key is shorter than a ticket id.
  return (ticketId) => createHmac('sha256', secret).update(ticketId).digest('base64url').slice(0, 16);
}
