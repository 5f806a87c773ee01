import type { PrintAgentClientEvents, PrintAgentServerEvents } from './schemas/print-agent.schema.ts';
import type { FeedbackClientEvents, FeedbackServerEvents } from './schemas/survey.schema.ts';
import type {
  DisplayClientEvents,
  DisplayServerEvents,
  StaffClientEvents,
  StaffServerEvents,
} from './schemas/realtime.schema.ts';

/**
 * The names of the realtime protocol's events, as values, for code that must list them (a client
 * subscribing to every delta, a namespace refusing unknown events, the protocol's documentation).
 * Each list is checked against its event map both ways: a name missing from a list, or a list
 * naming an event the map does not have, fails the typecheck.
 */

/** Exactly the keys of `M`, each once: `satisfies ExactKeys<M>` fails on a missing or extra name. */
type ExactKeys<M> = ReadonlyArray<keyof M> & { length: number };
type Missing<M, L extends ReadonlyArray<unknown>> = Exclude<keyof M, L[number]>;
type AssertNone<T extends never> = T;

/** Server → hall display (`/display`). */
export const DISPLAY_SERVER_EVENTS = [
  'queue:snapshot',
  'ticket:called',
  'ticket:recalled',
  'queue:changed',
  'server:restarting',
] as const satisfies ExactKeys<DisplayServerEvents>;

/** Hall display → server. */
export const DISPLAY_CLIENT_EVENTS = ['sync:request'] as const satisfies ExactKeys<DisplayClientEvents>;

/** Server → clerk panel (`/counter`) and supervisor console (`/console`). */
export const STAFF_SERVER_EVENTS = [
  'ticket:called',
  'ticket:recalled',
  'queue:changed',
  'counter:changed',
  'config:changed',
  'bookings:changed',
  'printer:status',
  'print:failed',
  'session:expired',
  'server:restarting',
] as const satisfies ExactKeys<StaffServerEvents>;

/** The staff events that are not deltas: they carry no `seq`. */
type StaffNotices = 'session:expired' | 'server:restarting';

/** The staff events that say something changed (every one but the end of the session and a restart). */
export const STAFF_DELTAS = STAFF_SERVER_EVENTS.filter(
  (e): e is Exclude<(typeof STAFF_SERVER_EVENTS)[number], StaffNotices> =>
    e !== 'session:expired' && e !== 'server:restarting',
);

/** Clerk panel / console → server. */
export const STAFF_CLIENT_EVENTS = [
  'counter:subscribe',
  'sync:request',
] as const satisfies ExactKeys<StaffClientEvents>;

/** Server → print agent (`/print-agent`). */
export const PRINT_AGENT_SERVER_EVENTS = [
  'printers',
  'job',
] as const satisfies ExactKeys<PrintAgentServerEvents>;

/** Print agent → server. */
export const PRINT_AGENT_CLIENT_EVENTS = [
  'job:result',
  'printer:status',
] as const satisfies ExactKeys<PrintAgentClientEvents>;

/** Server → feedback tablet (`/feedback`). */
export const FEEDBACK_SERVER_EVENTS = [
  'feedback:state',
  'survey:ask',
] as const satisfies ExactKeys<FeedbackServerEvents>;

/** Feedback tablet → server: none (it answers over HTTP). */
export const FEEDBACK_CLIENT_EVENTS = [] as const satisfies ExactKeys<FeedbackClientEvents>;

// Every event of each map is in its list (the `satisfies` above checks the other direction).
export type _EveryEventListed = [
  AssertNone<Missing<DisplayServerEvents, typeof DISPLAY_SERVER_EVENTS>>,
  AssertNone<Missing<DisplayClientEvents, typeof DISPLAY_CLIENT_EVENTS>>,
  AssertNone<Missing<StaffServerEvents, typeof STAFF_SERVER_EVENTS>>,
  AssertNone<Missing<StaffClientEvents, typeof STAFF_CLIENT_EVENTS>>,
  AssertNone<Missing<PrintAgentServerEvents, typeof PRINT_AGENT_SERVER_EVENTS>>,
  AssertNone<Missing<PrintAgentClientEvents, typeof PRINT_AGENT_CLIENT_EVENTS>>,
  AssertNone<Missing<FeedbackServerEvents, typeof FEEDBACK_SERVER_EVENTS>>,
];
