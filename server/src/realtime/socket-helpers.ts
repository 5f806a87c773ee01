import type { Ack, ConnectErrorCode, ConnectErrorData, ErrorParams } from '@numerek/shared';
import type { Socket } from 'socket.io';
import { AppError } from '../lib/app-error.ts';
import { nulTextAt } from '../lib/nul-text.ts';
import { validationParams, type SchemaError } from '../lib/validation-params.ts';

/** What the handlers need of a compiled TypeBox schema (`Compile(schema)`). */
export interface PayloadCheck {
  Check(value: unknown): boolean;
  Errors(value: unknown): ReadonlyArray<SchemaError & { message: string }>;
}

/** A refused handshake: the client's `connect_error` carries the message and `data` (its code and case). */
export function refusal(
  code: ConnectErrorCode,
  message: string,
  reason?: ConnectErrorData['reason'],
): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(message), { data: reason ? { code, reason } : { code } });
}

/** The first problem of an invalid value, as a sentence a developer can act on. */
export function describeInvalid(check: PayloadCheck, value: unknown): string {
  const first = check.Errors(value)[0];
  if (!first) return 'The payload is not valid.';
  return `${first.instancePath || 'payload'}: ${first.message}`;
}

/**
 * The params of an invalid value, as an HTTP route gives them: the field at fault, as a dotted
 * path, when it is one field, and for a text too long or a number out of range, which (`reason`)
 * and the bound (`limit`), so an app can say what the field takes.
 */
export function invalidParams(check: PayloadCheck, value: unknown): ErrorParams {
  return paramsOf(validationParams(check.Errors(value)));
}

const paramsOf = (params: ReturnType<typeof validationParams>): ErrorParams =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as ErrorParams;

/** The client → server event map of a socket. */
type ListenOf<S> = S extends Socket<infer L, infer _E, infer _S, infer _D> ? L : never;
/** A command's payload (none when the event takes only the acknowledgement). */
type PayloadOf<F> = F extends (...args: infer A) => void
  ? A extends [infer P, unknown]
    ? P
    : undefined
  : never;
/** What a command's acknowledgement carries when it succeeds. */
type AnswerOf<F> = F extends (...args: infer A) => void
  ? A extends [...unknown[], (r: Ack<infer R>) => void]
    ? R
    : never
  : never;

/**
 * Registers an acknowledged command whose arguments are validated before the handler runs:
 * a malformed call gets `{ ok: false, error }` in its ack; a call without an ack is ignored.
 * The handler's errors become error acks, so nothing a client sends can crash the server.
 * `schema` null means the command takes no payload, only the ack.
 */
export function onCommand<S extends Socket, E extends keyof ListenOf<S> & string>(
  socket: S,
  event: E,
  check: PayloadCheck | null,
  handler: (
    payload: PayloadOf<ListenOf<S>[E]>,
  ) => AnswerOf<ListenOf<S>[E]> | Promise<AnswerOf<ListenOf<S>[E]>>,
): void {
  type T = PayloadOf<ListenOf<S>[E]>;
  type R = AnswerOf<ListenOf<S>[E]>;
  // What arrives is untrusted until checked below, whatever the map says.
  const untyped: Socket = socket;
  const name: string = event;
  untyped.on(name, (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last !== 'function') return;
    const ack = last as (r: Ack<R>) => void;
    const payload = args.slice(0, -1);
    const fail = (code: string, message: string, params: ErrorParams = {}) =>
      ack({ ok: false, error: { code, message, ...(Object.keys(params).length > 0 ? { params } : {}) } });
    if (check === null) {
      if (payload.length !== 0)
        return fail('VALIDATION_FAILED', `${event} takes no payload, only an acknowledgement.`);
    } else if (payload.length !== 1) {
      return fail('VALIDATION_FAILED', `${event} takes one payload object and an acknowledgement.`);
    } else if (nulTextAt(payload[0]) !== null) {
      const at = nulTextAt(payload[0]) ?? '';
      const error = { keyword: 'nulCharacter', instancePath: at, params: {} };
      return fail(
        'VALIDATION_FAILED',
        `${at || 'payload'}: must not contain a NUL character (U+0000)`,
        paramsOf(validationParams([error])),
      );
    } else if (!check.Check(payload[0])) {
      return fail('VALIDATION_FAILED', describeInvalid(check, payload[0]), invalidParams(check, payload[0]));
    }
    Promise.resolve()
      .then(() => handler(payload[0] as T))
      .then(
        (data) => ack({ ok: true, data }),
        (error: unknown) =>
          error instanceof AppError
            ? fail(error.code, error.message, error.params)
            : fail('INTERNAL', 'The server could not answer; try again.'),
      );
  });
}
