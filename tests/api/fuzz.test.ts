import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@numerek/shared';
import { createTestApp, type TestApp, type Who } from '@numerek/server/testing';

/**
 * Bad input over every route of the OpenAPI document: malformed bodies, ids and query strings,
 * sent as the most privileged caller the route allows and sometimes as nobody. Whatever comes
 * in, the answer is never a 5xx, every refusal is `{ error: { code, message } }` with the status
 * its code stands for, and a refused request leaves the database as it was.
 *
 * Set FUZZ_SEED to replay a failing run (fast-check prints the seed and the counterexample).
 */

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Operation {
  method: Method;
  /** The OpenAPI path, `{id}` for the id. */
  path: string;
  body: Json | null;
  queryNames: string[];
}

interface Payload {
  contentType: string | null;
  text: string | null;
}

interface Attempt {
  who: Who;
  id: string;
  query: string;
  payload: Payload;
}

const RUNS_PER_ROUTE = process.env.FUZZ_RUNS === undefined ? 30 : Number(process.env.FUZZ_RUNS);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const UNKNOWN_ID = 'fuzz-unknown-id';
const WELL_FORMED_ID = /^[A-Za-z0-9_-]{1,64}$/;
const METHODS: readonly Method[] = ['GET', 'POST', 'PATCH', 'DELETE'];

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- the app under test and what the OpenAPI document says about it ----------------------------

const t: TestApp = await createTestApp();
afterAll(async () => {
  await t.close();
});

const COUNTER = t.counter[1] ?? '';
if ((await t.request('clerk', 'POST', `/api/counters/${COUNTER}/open`, {})).statusCode !== 200) {
  throw new Error('the clerk could not open counter 1');
}
const TICKETS: string[] = [];
for (const categoryId of [t.category.A, t.category.M, t.category.R]) {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId });
  const body: unknown = res.json();
  if (res.statusCode !== 201 || !isRecord(body)) throw new Error(`issuing a ticket failed: ${res.body}`);
  TICKETS.push(String(body.id));
}

const DOC: unknown = (await t.request('anonymous', 'GET', '/api/openapi.json')).json();

function operations(doc: unknown): Operation[] {
  if (!isRecord(doc) || !isRecord(doc.paths)) throw new Error('the OpenAPI document has no "paths"');
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!isRecord(op)) continue;
      const content =
        isRecord(op.requestBody) && isRecord(op.requestBody.content) ? op.requestBody.content : {};
      const json = content['application/json'];
      const parameters = Array.isArray(op.parameters) ? op.parameters.filter(isRecord) : [];
      found.push({
        method,
        path,
        body: isRecord(json) && isRecord(json.schema) ? json.schema : null,
        queryNames: parameters.filter((p) => p.in === 'query').map((p) => String(p.name)),
      });
    }
  }
  return found;
}

const OPERATIONS = operations(DOC);

/** Who may call a route, from the access rules of the server (see roles.test.ts for the table). */
function callers(op: Operation): { best: Who; isPublic: boolean } {
  if (op.path.startsWith('/api/admin/')) return { best: 'admin', isPublic: false };
  if (op.path.startsWith('/api/counters') || op.path === '/api/auth/me')
    return { best: 'clerk', isPublic: false };
  if (op.method === 'POST' && op.path === '/api/tickets') return { best: 'kiosk', isPublic: false };
  // Public. Signing out as staff would end the session the other routes need.
  return { best: op.path === '/api/auth/logout' ? 'display' : 'admin', isPublic: true };
}

/**
 * The id a well-formed request uses: the open counter for the clerk's routes, a real ticket for
 * reading tickets, and otherwise an id nobody has, so that no PATCH or DELETE can hit real data.
 */
function targetIds(op: Operation): string[] {
  if (op.path.startsWith('/api/counters/')) return [COUNTER];
  if (op.path.endsWith('/tickets/{id}')) return [...TICKETS, UNKNOWN_ID];
  return [UNKNOWN_ID];
}

// --- generators ----------------------------------------------------------------------------

function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    // A lone surrogate: send the bytes a broken client would.
    return '%ED%A0%80';
  }
}

const REAL_IDS = (): string[] => [
  ...Object.values(t.category),
  ...Object.values(t.counter),
  t.priorityGroupId,
  ...Object.values(t.userId),
  ...TICKETS,
];

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  "1' OR '1'='1",
  "x'; DROP TABLE tickets; --",
  '{"$ne":null}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'Zażółć gęślą jaźń',
  'Привіт',
  '🎫👩‍👩‍👧‍👦',
  '\u202Eevil',
  'A',
  'ZZZZ',
  'pl',
  'xx',
  'kiosk',
  'display',
  'clerk',
  'admin',
  'break',
  'other',
  '24:00',
  '25:61',
  'Europe/Atlantis',
);

const hugeString = fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n));

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  oddStrings,
  fc.constantFrom(...REAL_IDS()),
  { arbitrary: hugeString, weight: 1 },
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 5 },
  fc.array(scalar, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), scalar, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const junkKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'id',
    'officeId',
    'isAdmin',
    'role',
    '',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

function stringArb(schema: Json): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 30, 30);
  if (typeof schema.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter(
          (s) =>
            s.length >= minLength &&
            s.length <= (typeof schema.maxLength === 'number' ? schema.maxLength : 1e6),
        );
    } catch {
      // A pattern fast-check cannot generate from: plain strings, mostly refused.
    }
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

/** Values the schema accepts (as far as a generator can tell without the server's own checks). */
function validArb(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!isRecord(schema) || depth > 4) return fc.constant({});
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s) => validArb(s, depth + 1)));
  if (Array.isArray(schema.allOf)) return validArb(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'null' || schema.nullable === true) return fc.constant(null);
  switch (type) {
    case 'string':
      return stringArb(schema);
    case 'integer':
      return fc.integer({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
      });
    case 'number':
      return fc.double({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = validArb(schema.items, depth + 1);
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3),
      );
      return schema.uniqueItems === true
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    default: {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = validArb(sub, depth + 1);
      const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
      return fc
        .record(model, { requiredKeys: required })
        .filter((o) => Object.keys(o).length >= minProperties) as fc.Arbitrary<unknown>;
    }
  }
}

/** A valid body with one thing wrong: a required field gone, a field of the wrong type, or an extra one. */
function mutatedArb(schema: Json | null): fc.Arbitrary<unknown> {
  const properties = schema && isRecord(schema.properties) ? Object.keys(schema.properties) : [];
  const required = schema && Array.isArray(schema.required) ? schema.required.map(String) : [];
  return fc
    .tuple(validArb(schema), fc.nat(), anyValue, junkKey, anyValue)
    .map(([valid, pick, value, key, extra]) => {
      if (!isRecord(valid)) return value;
      const body: Json = { ...valid };
      switch (pick % 4) {
        case 0: {
          const gone = required[pick % Math.max(required.length, 1)];
          if (gone !== undefined) delete body[gone];
          else body[key] = extra;
          break;
        }
        case 1: {
          const field = properties[pick % Math.max(properties.length, 1)];
          body[field ?? key] = value;
          break;
        }
        case 2:
          Object.defineProperty(body, key, {
            value: extra,
            enumerable: true,
            configurable: true,
            writable: true,
          });
          break;
        default: {
          const field = properties[pick % Math.max(properties.length, 1)];
          if (field !== undefined && isRecord(body[field])) body[field] = { ...body[field], [key]: extra };
          else body[key] = extra;
        }
      }
      return body;
    });
}

const nested = (open: string, close: string, depth: number, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

const rawTexts = fc.constantFrom(
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1,"__proto__":{"role":"admin"}}',
  '{"names":{"pl":"x","__proto__":{"x":1}}}',
  '{',
  '}',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2,',
  'NaN',
  'Infinity',
  'undefined',
  '"unterminated',
  '\u0000',
  '\uFEFF{}',
  ' ',
  '',
  'null',
  '[]',
  '[{}]',
  '0',
  '-0',
  '1e400',
  '"string"',
  'true',
  '{"a":1}{"b":2}',
  nested('{"a":', '}', 2000),
  nested('{"a":', '}', 9000),
  nested('[', ']', 30000, ''),
  `{"names":{"pl":"${'ż'.repeat(30000)}"}}`,
  `{"x":"${'x'.repeat(70000)}"}`,
);

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  '',
] as const;

function payloadArb(op: Operation): fc.Arbitrary<Payload> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((v): string => JSON.stringify(v) ?? 'null');
  const text = fc.oneof(
    { arbitrary: json(mutatedArb(op.body)), weight: 5 },
    { arbitrary: json(validArb(op.body)), weight: 1 },
    { arbitrary: json(anyValue), weight: 2 },
    { arbitrary: rawTexts, weight: 2 },
  );
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: fc.constantFrom<string | null>(...CONTENT_TYPES, null), weight: 2 },
  );
  const withBody = fc.record({ contentType, text }).map((p): Payload => p);
  const none = fc.constant<Payload>({ contentType: null, text: null });
  return op.method === 'GET'
    ? fc.oneof({ arbitrary: none, weight: 9 }, { arbitrary: withBody, weight: 1 })
    : fc.oneof({ arbitrary: none, weight: 1 }, { arbitrary: withBody, weight: 9 });
}

const malformedId = fc.oneof(
  fc.constantFrom(
    '',
    '%20',
    '.',
    '..',
    '%2e%2e',
    '..%2F..%2Fadmin',
    '%2e%2e%2f%2e%2e%2f',
    '%00',
    'a%00b',
    '%',
    '%E0%A4%A',
    '%ZZ',
    '%ED%A0%80',
    '%F0%9F%8E%AB',
    'żółć',
    'a'.repeat(64),
    'a'.repeat(65),
    'a'.repeat(100),
    'a'.repeat(101),
    'a'.repeat(4000),
    '*',
    '%2F',
    'a%2Fb',
    '__proto__',
    'constructor',
    'null',
    '-1',
    '1e309',
  ),
  oddStrings.map(encode),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encode),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encode),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
);

function queryArb(op: Operation): fc.Arbitrary<string> {
  const key = fc.oneof(fc.constantFrom(...op.queryNames, 'officeId', 'limit', '__proto__', 'a[b]'), junkKey);
  const value = fc.oneof(
    oddStrings,
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer().map(String),
    fc.constantFrom(...REAL_IDS()),
  );
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 3 },
    {
      arbitrary: fc.constantFrom(
        '?',
        '?&&',
        '?=',
        '?=x',
        '?officeId',
        '?officeId=',
        '?officeId=x&officeId=y',
        `?officeId=${t.officeId}&officeId=${t.officeId}`,
        '?limit=0',
        '?limit=-1',
        '?limit=1e9',
        '?limit=1.5',
        '?limit=5',
        '?limit[]=5',
        '?__proto__[isAdmin]=1',
        '?constructor[prototype][isAdmin]=1',
        '?%',
        '?a=%E0%A4%A',
        '?a=%00',
        `?x=${'y'.repeat(8000)}`,
      ),
      weight: 2,
    },
    {
      arbitrary: fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
        .map((pairs) => `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`),
      weight: 3,
    },
  );
}

function attemptArb(op: Operation): fc.Arbitrary<Attempt> {
  const { best } = callers(op);
  return fc.record({
    who: fc.oneof(
      { arbitrary: fc.constant(best), weight: 3 },
      { arbitrary: fc.constant<Who>('anonymous'), weight: 1 },
    ),
    id: fc.oneof(
      { arbitrary: fc.constantFrom(...targetIds(op)), weight: 2 },
      { arbitrary: malformedId, weight: 3 },
    ),
    query: queryArb(op),
    payload: payloadArb(op),
  });
}

// --- checks ----------------------------------------------------------------------------------

/**
 * Every table but the sessions and the request limits (counted per request on PostgreSQL), each as
 * its sorted rows, without when each device was last seen (a device whose token works is seen).
 */
async function snapshot(): Promise<Map<string, string>> {
  const tables = await t.db.all<{ name: string }>(
    t.db.engine === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'rate_limits') ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT IN ('sessions', 'rate_limits') ORDER BY table_name",
  );
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const rows = (await t.db.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)).map((r) =>
      name === 'devices' ? { ...r, last_seen_at: null } : r,
    );
    out.set(
      name,
      rows
        .map((row) => JSON.stringify(row))
        .sort()
        .join('\n'),
    );
  }
  return out;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}

/** `{ error: { code, message } }` with a known code whose status is the one sent. */
function expectErrorBody(status: number, text: string, what: string): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  expect(body, `${what} → ${status} ${text.slice(0, 300)}`).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
  if (!isRecord(body) || !isRecord(body.error)) return;
  const code = String(body.error.code);
  expect(String(body.error.message).trim(), `${what}: empty message`).not.toBe('');
  expect(Object.keys(ERROR_CODES), `${what}: unknown code ${code}`).toContain(code);
  expect(ERROR_CODES[code as keyof typeof ERROR_CODES], `${what}: ${code} sent with ${status}`).toBe(status);
}

/** The clerk's counter stays open and unpaused, so the actions reach their own checks. */
async function keepCounterOpen(): Promise<void> {
  const counter = (await t.app.services.counters.list(t.officeId)).find((c) => c.id === COUNTER);
  if (counter?.state === 'closed') await t.request('clerk', 'POST', `/api/counters/${COUNTER}/open`, {});
  if (counter?.state === 'paused') await t.request('clerk', 'POST', `/api/counters/${COUNTER}/resume`);
}

async function send(op: Operation, a: Attempt) {
  const url = op.path.replace('{id}', a.id) + a.query;
  const headers: Record<string, string> = { ...t.headers(a.who) };
  if (a.payload.contentType !== null) headers['content-type'] = a.payload.contentType;
  const res = await t.app.inject({
    method: op.method,
    url,
    headers,
    ...(a.payload.text === null ? {} : { payload: a.payload.text }),
  });
  return { res, what: `${a.who} ${op.method} ${url.slice(0, 200)}` };
}

// --- the properties --------------------------------------------------------------------------

describe('the OpenAPI document', () => {
  it('lists the routes to fuzz, each with a method the fuzzer knows', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(40);
    expect(OPERATIONS.filter((op) => op.body !== null).length).toBeGreaterThanOrEqual(15);
  });
});

describe('well-formed requests about things that do not exist or cannot be done are 4xx, not 500', () => {
  const c = (n: number) => t.counter[n] ?? '';
  const unknown = UNKNOWN_ID;
  // [who, method, url, body, status, code]
  const cases: ReadonlyArray<readonly [Who, Method, string, unknown, number, string]> = [
    ['kiosk', 'POST', '/api/tickets', { categoryId: unknown }, 404, 'NOT_FOUND'],
    [
      'kiosk',
      'POST',
      '/api/tickets',
      { categoryId: t.category.A, priorityGroupId: unknown },
      404,
      'NOT_FOUND',
    ],
    ['anonymous', 'GET', `/api/tickets/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['anonymous', 'GET', `/api/categories?officeId=${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['anonymous', 'GET', `/api/priority-groups?officeId=${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['admin', 'GET', `/api/admin/tickets/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['clerk', 'GET', `/api/counters/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['clerk', 'POST', `/api/counters/${unknown}/open`, {}, 404, 'NOT_FOUND'],
    ['clerk', 'POST', `/api/counters/${c(2)}/next`, undefined, 409, 'COUNTER_NOT_OPEN'],
    ['clerk2', 'POST', `/api/counters/${c(1)}/open`, {}, 409, 'COUNTER_TAKEN'],
    [
      'clerk',
      'POST',
      `/api/counters/${c(1)}/call`,
      { ticketId: unknown, reasonCode: 'other' },
      404,
      'NOT_FOUND',
    ],
    ['clerk', 'POST', `/api/counters/${c(1)}/start`, undefined, 409, 'NO_CURRENT_TICKET'],
    ['clerk', 'POST', `/api/counters/${c(1)}/transfer`, { counterId: unknown }, 409, 'NO_CURRENT_TICKET'],
    ['admin', 'PATCH', `/api/admin/categories/${unknown}`, { active: false }, 404, 'NOT_FOUND'],
    ['admin', 'DELETE', `/api/admin/categories/${t.category.A}`, undefined, 409, 'IN_USE'],
    [
      'admin',
      'POST',
      '/api/admin/categories',
      { prefix: 'A', names: { pl: 'Drugie A' } },
      409,
      'ALREADY_EXISTS',
    ],
    ['admin', 'PATCH', `/api/admin/priority-groups/${unknown}`, { legalBasis: 'x' }, 404, 'NOT_FOUND'],
    ['admin', 'DELETE', `/api/admin/priority-groups/${unknown}`, undefined, 404, 'NOT_FOUND'],
    [
      'admin',
      'POST',
      '/api/admin/counters',
      { name: 'Drugie 1', number: 1, categoryIds: [] },
      409,
      'ALREADY_EXISTS',
    ],
    ['admin', 'DELETE', `/api/admin/counters/${c(1)}`, undefined, 409, 'IN_USE'],
    ['admin', 'PATCH', `/api/admin/counters/${unknown}`, { name: 'X' }, 404, 'NOT_FOUND'],
    [
      'admin',
      'POST',
      '/api/admin/users',
      { username: 'admin', password: 'another-password', role: 'clerk' },
      409,
      'ALREADY_EXISTS',
    ],
    ['admin', 'DELETE', `/api/admin/users/${t.userId.admin}`, undefined, 409, 'IN_USE'],
    ['admin', 'PATCH', `/api/admin/users/${t.userId.admin}`, { active: false }, 409, 'IN_USE'],
    ['admin', 'DELETE', `/api/admin/users/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['admin', 'PATCH', `/api/admin/devices/${unknown}`, { name: 'X' }, 404, 'NOT_FOUND'],
    ['admin', 'DELETE', `/api/admin/devices/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ['admin', 'PATCH', `/api/admin/offices/${unknown}`, { name: 'X' }, 404, 'NOT_FOUND'],
  ];

  it.each(cases)('%s %s %s', async (who, method, url, body, status, code) => {
    if (url.startsWith('/api/counters/')) await keepCounterOpen();
    const before = await snapshot();
    const res = await t.request(who, method, url, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
    expectErrorBody(res.statusCode, res.body, `${who} ${method} ${url}`);
    expect(changedTables(before, await snapshot())).toEqual([]);
  });
});

describe('a text with a NUL character, which PostgreSQL cannot store, is a 400 naming the field', () => {
  // Found by the fuzzer on PostgreSQL: a device named "\u0000" failed the INSERT with a 500.
  const NUL = 'Kiosk \u0000 1';
  const cases: ReadonlyArray<readonly [Who, Method, string, Record<string, unknown>, string]> = [
    ['admin', 'POST', '/api/admin/devices', { kind: 'kiosk', name: NUL }, 'name'],
    ['admin', 'POST', '/api/admin/categories', { names: { pl: 'Sprawa', en: NUL }, prefix: 'Q' }, 'names.en'],
    ['admin', 'PATCH', `/api/admin/categories/${t.category.A}`, { names: { pl: NUL } }, 'names.pl'],
    ['admin', 'POST', '/api/admin/printers', { name: NUL, connection: 'virtual' }, 'name'],
  ];

  it.each(cases)('%s %s %s', async (who, method, url, payload, field) => {
    const before = await snapshot();
    const res = await t.request(who, method, url, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', params: { field, reason: 'nul_character' } },
    });
    expect(changedTables(before, await snapshot())).toEqual([]);
  });

  it('and a body nested as deep as 64 KB allows is looked through without exhausting the stack', async () => {
    const depth = 10_000;
    const text = `${'{"a":'.repeat(depth)}"x\\u0000"${'}'.repeat(depth)}`;
    for (const [body, reason] of [
      [text, 'nul_character'],
      [text.replace('\\u0000', ''), undefined],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/devices',
        headers: { ...t.headers('admin'), 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(400);
      expect(res.json<{ error: { params?: { reason?: string } } }>().error.params?.reason).toBe(reason);
    }
  });

  it('in a query string too', async () => {
    const res = await t.request('admin', 'GET', '/api/admin/tickets?code=A%00001');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: { params: { field: 'code', reason: 'nul_character' } } });
  });
});

describe.each(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', (_name, op) => {
  const { isPublic } = callers(op);

  it('survives bad input: no 5xx, errors in shape, refusals change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(attemptArb(op), async (attempt) => {
        if (op.path.startsWith('/api/counters/')) await keepCounterOpen();
        const before = await snapshot();
        const { res, what } = await send(op, attempt);
        expect(res.statusCode, `${what} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (attempt.who === 'anonymous' && !isPublic) {
          // Nobody learns anything about a guarded route's input: refused before validation. A
          // malformed id may keep the URL from reaching the route at all (404 or a router error).
          expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
          if (WELL_FORMED_ID.test(attempt.id)) expect(res.statusCode, what).toBe(401);
        }
        if (res.statusCode >= 300) expectErrorBody(res.statusCode, res.body, what);
        if (res.statusCode >= 400)
          expect(changedTables(before, await snapshot()), `${what} refused but wrote`).toEqual([]);
      }),
      { numRuns: RUNS_PER_ROUTE, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
