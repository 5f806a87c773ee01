import type { SurveyAnswerBody, SurveyQuestion, SurveyReceipt } from '@numerek/shared';
import { isUnreachable, type ApiClient } from '@numerek/shared/client';
import { withRetries } from '@numerek/shared/idempotency';

/** Pauses before the retries of a lost answer; the same answer again counts once. */
const RETRY_DELAYS_MS: readonly number[] = [500, 1_500, 3_000];
const TIMEOUT_MS = 10_000;

const path = (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/survey`;

/**
 * Sends a visit's answer, retried while no answer comes back: the server keeps a visit's first
 * answer and answers every repeat alike, so a retry never counts twice.
 */
export function sendAnswer(
  client: ApiClient,
  ticketId: string,
  body: SurveyAnswerBody,
): Promise<SurveyReceipt> {
  return withRetries(
    () => client.json<SurveyReceipt>('PUT', path(ticketId), { body, timeoutMs: TIMEOUT_MS }),
    isUnreachable,
    RETRY_DELAYS_MS,
  );
}

/** Whether the phone page asks the question now. */
export function askNow(client: ApiClient, ticketId: string): Promise<SurveyQuestion> {
  return client.json<SurveyQuestion>('GET', path(ticketId), { timeoutMs: TIMEOUT_MS });
}
