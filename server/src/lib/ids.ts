import { createHash, randomBytes } from 'node:crypto';

/** A random, opaque, URL-safe id (128 bits). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A secret token for a session or a device (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as this hash, so a copied database grants no access. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
