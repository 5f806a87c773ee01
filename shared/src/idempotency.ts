/**
 * What the apps need to retry an action safely: a fresh Idempotency-Key per press, and the
 * retries of that press with the same key (see docs/decisions/0011-idempotency-keys.md). Kept
 * apart from the schemas so that the apps' bundles stay small.
 */

/**
 * A fresh Idempotency-Key: 128 random bits in hex. `crypto.getRandomValues` works on a plain-HTTP
 * office network too, where `crypto.randomUUID` (secure contexts only) does not.
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * Runs `attempt`, and again after each delay while it fails in a way `retryable` accepts; the
 * last failure is thrown. `sleep` is passed in so that tests need not wait.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  delays: readonly number[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = delays[i];
      if (delay === undefined || !retryable(error)) throw error;
      await sleep(delay);
    }
  }
}
