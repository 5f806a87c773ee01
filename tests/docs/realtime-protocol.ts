import {
  AgentJob,
  AgentJobResult,
  AgentJobState,
  AgentPrinters,
  AgentPrinterStatus,
  CONNECT_ERROR_CODES,
  BookingsChanged,
  ConfigChanged,
  CounterChanged,
  CounterSubscribe,
  DisplayCall,
  DisplaySnapshot,
  FeedbackState,
  HandshakeAuth,
  PrintFailedEvent,
  PrinterStatusEvent,
  PROTOCOL_OUTDATED,
  PROTOCOL_VERSION,
  QueueChanged,
  SessionExpired,
  SurveyAsk,
  TicketCalled,
  type Ack,
  type FeedbackServerEvents,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type PrintAgentClientEvents,
  type PrintAgentServerEvents,
  type StaffClientEvents,
  type StaffServerEvents,
} from '@numerek/shared';
import {
  DISPLAY_CLIENT_EVENTS,
  DISPLAY_SERVER_EVENTS,
  FEEDBACK_SERVER_EVENTS,
  PRINT_AGENT_CLIENT_EVENTS,
  PRINT_AGENT_SERVER_EVENTS,
  STAFF_CLIENT_EVENTS,
  STAFF_SERVER_EVENTS,
} from '@numerek/shared/events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static, type TSchema } from 'typebox';

/**
 * The event tables of docs/realtime-protocol.md, rendered from the shared event lists and the
 * payload schemas. The schema of each event is bound to the event maps below: a payload whose
 * schema is not the map's type, or an event without a schema, fails the typecheck; the test
 * beside this file fails while the page differs from what is rendered here.
 *
 * `npm run docs:protocol` writes the page's generated parts again.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PROTOCOL_PAGE = path.join(ROOT, 'docs/realtime-protocol.md');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Payload<F> = F extends (payload: infer P) => void ? P : never;
/** Server → client: the schema of each event's payload (null: the event carries none). */
type ServerSchemas<M> = { [E in keyof M]: TSchema | null };
/** Client → server: the payload's schema (null: only an acknowledgement) and the answer's. */
type ClientSchemas<M> = { [E in keyof M]: { payload: TSchema | null; answer: TSchema } };
type PayloadMatches<M, S extends ServerSchemas<M>> = {
  [E in keyof M]: S[E] extends TSchema ? Same<Static<S[E]>, Payload<M[E]>> : Same<M[E], () => void>;
}[keyof M];
type Answer<F> = F extends (...args: infer A) => void
  ? A extends [...unknown[], (r: Ack<infer R>) => void]
    ? R
    : never
  : never;
type ClientMatches<M, S extends ClientSchemas<M>> = {
  [E in keyof M]: Same<Static<S[E]['answer']>, Answer<M[E]>>;
}[keyof M];

const SEQ_ANSWER = Type.Object({ seq: Type.Integer() });

const DISPLAY_SERVER = {
  'queue:snapshot': DisplaySnapshot,
  'ticket:called': DisplayCall,
  'ticket:recalled': DisplayCall,
  'queue:changed': QueueChanged,
  'server:restarting': null,
} satisfies ServerSchemas<DisplayServerEvents>;

const STAFF_SERVER = {
  'ticket:called': TicketCalled,
  'ticket:recalled': TicketCalled,
  'queue:changed': QueueChanged,
  'counter:changed': CounterChanged,
  'config:changed': ConfigChanged,
  'bookings:changed': BookingsChanged,
  'printer:status': PrinterStatusEvent,
  'print:failed': PrintFailedEvent,
  'session:expired': SessionExpired,
  'server:restarting': null,
} satisfies ServerSchemas<StaffServerEvents>;

const DISPLAY_CLIENT = {
  'sync:request': { payload: null, answer: DisplaySnapshot },
} satisfies ClientSchemas<DisplayClientEvents>;

const STAFF_CLIENT = {
  'counter:subscribe': { payload: CounterSubscribe, answer: SEQ_ANSWER },
  'sync:request': { payload: null, answer: SEQ_ANSWER },
} satisfies ClientSchemas<StaffClientEvents>;

const PRINT_AGENT_SERVER = {
  printers: AgentPrinters,
  job: AgentJob,
} satisfies ServerSchemas<PrintAgentServerEvents>;

const PRINT_AGENT_CLIENT = {
  'job:result': { payload: AgentJobResult, answer: AgentJobState },
  'printer:status': { payload: AgentPrinterStatus, answer: AgentPrinterStatus },
} satisfies ClientSchemas<PrintAgentClientEvents>;

const FEEDBACK_SERVER = {
  'feedback:state': FeedbackState,
  'survey:ask': SurveyAsk,
} satisfies ServerSchemas<FeedbackServerEvents>;

export type _SchemasMatchTheMaps = [
  Same<PayloadMatches<DisplayServerEvents, typeof DISPLAY_SERVER>, true>,
  Same<PayloadMatches<StaffServerEvents, typeof STAFF_SERVER>, true>,
  Same<ClientMatches<DisplayClientEvents, typeof DISPLAY_CLIENT>, true>,
  Same<ClientMatches<StaffClientEvents, typeof STAFF_CLIENT>, true>,
  Same<PayloadMatches<PrintAgentServerEvents, typeof PRINT_AGENT_SERVER>, true>,
  Same<ClientMatches<PrintAgentClientEvents, typeof PRINT_AGENT_CLIENT>, true>,
  Same<PayloadMatches<FeedbackServerEvents, typeof FEEDBACK_SERVER>, true>,
] extends [true, true, true, true, true, true, true]
  ? true
  : never;
export const schemasMatchTheMaps: _SchemasMatchTheMaps = true;

/** What the page says of one event: what happens, in a sentence (the schema gives the rest). */
const WHEN: Record<string, string> = {
  'queue:snapshot':
    'Everything the display draws: on connecting, and again whenever the office, its counters, its categories or the display’s own settings change.',
  'ticket:called': 'A clerk called a ticket to a counter.',
  'ticket:recalled': 'A clerk called the same ticket again; it replaces that ticket’s line.',
  'queue:changed':
    'The waiting counts per category changed (issues and calls within 100 ms are sent as one).',
  'counter:changed':
    'A counter opened, closed, paused, resumed, or its current ticket changed: fetch it again.',
  'config:changed': 'Something in the office’s configuration changed: fetch that entity again.',
  'bookings:changed':
    'Bookings of these days were made, moved or cancelled, or marked as no-shows: fetch the booked slots again (console only; a check-in comes as the ticket it issues).',
  'printer:status': 'A ticket printer’s state changed.',
  'print:failed': 'A kiosk’s ticket did not print (its number is on the kiosk’s screen).',
  'session:expired':
    'The session ended; the socket is closed next. `reason` says why: `account_deactivated` when the office switched the account off (its counter was closed for it, and signing in again is refused), else `session_expired` (it expired, was signed out, or the password or role changed). Sign in again.',
  'server:restarting':
    'The server is stopping to start again (an upgrade, a service restart); the socket is closed next. Connect again at once: the server answers again within seconds.',
  'sync:request': 'Asks for the current state after a missed delta (`prev` past the last `seq`).',
  'counter:subscribe': 'Follows one counter (the clerk’s own); a panel must send it before deltas arrive.',
};

/** The print agent's events, where a name means something else than on the staff namespaces. */
const WHEN_PRINT_AGENT: Record<string, string> = {
  printers:
    'The agent’s printers, with the time on the server’s clock: on connecting, and again whenever one of them changes.',
  job: 'A print for the agent: on connecting, every job still in time; then each new one. The same job may come again: it prints once.',
  'job:result':
    'What became of a job. Sent once per job, and again on every connection until the server confirms it.',
  'printer:status': 'A printer’s state as the agent reads it: on connecting and on every change.',
};

/** The feedback tablet's events. */
const WHEN_FEEDBACK: Record<string, string> = {
  'feedback:state':
    'The tablet’s counter and whether it asks: on connecting, and again whenever the console binds it, or switches the survey or its tablets.',
  'survey:ask':
    'The clerk of the tablet’s counter finished a visit: show the question for `seconds` (also to a tablet that reconnects while it lasts, unless the visit was answered).',
};

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  format?: string;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array' && s.items) {
    const item = typeOf(s.items);
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (s.type === 'string' && s.format === 'date-time') return 'string (ISO 8601 date and time)';
  return s.type ?? 'unknown';
}

/** One row per field, nested objects and arrays of objects as `a.b` and `a[].b`. */
function rows(schema: JsonSchema, prefix = ''): string[] {
  const out: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}${name}`;
    const optional = required.has(name) ? '' : ' (optional)';
    const note = field.description && field.format !== 'date-time' ? ` ${field.description}` : '';
    out.push(`| \`${key}\` | ${typeOf(field)}${optional} |${note} |`);
    if (field.type === 'object') out.push(...rows(field, `${key}.`));
    if (field.type === 'array' && field.items?.type === 'object') out.push(...rows(field.items, `${key}[].`));
  }
  return out;
}

function fields(schema: TSchema): string {
  const body = rows(schema as JsonSchema);
  return ['| field | type | note |', '| --- | --- | --- |', ...body].join('\n');
}

function serverEvents(
  names: readonly string[],
  schemas: Record<string, TSchema | null>,
  when: Record<string, string> = WHEN,
): string {
  return names
    .map((name) => {
      const schema = schemas[name];
      const payload = schema ? fields(schema) : 'No payload.';
      return `#### \`${name}\` (server → client)\n\n${when[name] ?? ''}\n\n${payload}`;
    })
    .join('\n\n');
}

function clientEvents(
  names: readonly string[],
  schemas: Record<string, { payload: TSchema | null; answer: TSchema }>,
  when: Record<string, string> = WHEN,
): string {
  return names
    .map((name) => {
      const s = schemas[name];
      if (!s) return '';
      const payload = s.payload
        ? `Payload:\n\n${fields(s.payload)}`
        : 'No payload: send only the acknowledgement callback.';
      return `#### \`${name}\` (client → server, acknowledged)\n\n${when[name] ?? ''}\n\n${payload}\n\nAnswer (\`data\` of \`{ ok: true, data }\`):\n\n${fields(s.answer)}`;
    })
    .join('\n\n');
}

/** The generated parts of the page, by the name in their markers. */
export function generatedParts(): Record<string, string> {
  return {
    handshake: [
      `\`PROTOCOL_VERSION\` is **${PROTOCOL_VERSION}**. A handshake whose \`auth.protocol\` is another number, or missing, is refused with the message \`${PROTOCOL_OUTDATED}\`.`,
      '',
      fields(HandshakeAuth),
    ].join('\n'),
    example: [
      '```js',
      "import { io } from 'socket.io-client';",
      '',
      "const socket = io('http://numerek.example:3000/display', {",
      `  auth: { protocol: ${PROTOCOL_VERSION}, token: 'the display token, or leave it out' },`,
      '});',
      "socket.on('queue:snapshot', (snapshot) => draw(snapshot));",
      "socket.on('ticket:called', (call) => show(call));",
      '```',
    ].join('\n'),
    'connect-errors': CONNECT_ERROR_CODES.map((code) => `- \`${code}\``).join('\n'),
    display: [
      serverEvents(DISPLAY_SERVER_EVENTS, DISPLAY_SERVER),
      clientEvents(DISPLAY_CLIENT_EVENTS, DISPLAY_CLIENT),
    ].join('\n\n'),
    staff: [
      serverEvents(STAFF_SERVER_EVENTS, STAFF_SERVER),
      clientEvents(STAFF_CLIENT_EVENTS, STAFF_CLIENT),
    ].join('\n\n'),
    'print-agent': [
      serverEvents(PRINT_AGENT_SERVER_EVENTS, PRINT_AGENT_SERVER, WHEN_PRINT_AGENT),
      clientEvents(PRINT_AGENT_CLIENT_EVENTS, PRINT_AGENT_CLIENT, WHEN_PRINT_AGENT),
    ].join('\n\n'),
    feedback: serverEvents(FEEDBACK_SERVER_EVENTS, FEEDBACK_SERVER, WHEN_FEEDBACK),
  };
}

/** The page with each `<!-- generated: name -->` … `<!-- end generated -->` part rendered afresh. */
export function renderPage(page: string): string {
  const parts = generatedParts();
  return page.replace(
    /(<!-- generated: ([\w-]+) -->\n)[\s\S]*?(<!-- end generated -->)/g,
    (whole, open: string, name: string, close: string) =>
      name in parts ? `${open}\n${parts[name]}\n\n${close}` : whole,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(PROTOCOL_PAGE, renderPage(readFileSync(PROTOCOL_PAGE, 'utf8')));
}
