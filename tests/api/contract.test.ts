import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';

/**
 * The public contract of docs/design "Public contract": stable paths, documented fields, the
 * minimal admin bodies, and the error shape. Printers and reports belong to later work and are
 * not asserted here.
 */

type Method = 'get' | 'post' | 'patch' | 'delete';

const CONTRACT: ReadonlyArray<readonly [Method, string]> = [
  ['get', '/api/health'],
  ['post', '/api/auth/login'],
  ['post', '/api/auth/logout'],
  ['get', '/api/auth/me'],
  ['get', '/api/categories'],
  ['get', '/api/priority-groups'],
  ['post', '/api/tickets'],
  ['get', '/api/tickets/{id}'],
  ['post', '/api/devices/pair'],
  ['post', '/api/admin/devices/{id}/pairing'],
  ...[
    'open',
    'close',
    'next',
    'recall',
    'start',
    'finish',
    'no-show',
    'transfer',
    'pause',
    'resume',
    'call',
  ].map((action) => ['post', `/api/counters/{id}/${action}`] as const),
  ...['categories', 'priority-groups', 'counters', 'users', 'devices'].flatMap((resource) => [
    ['get', `/api/admin/${resource}`] as const,
    ['post', `/api/admin/${resource}`] as const,
    ['patch', `/api/admin/${resource}/{id}`] as const,
    ['delete', `/api/admin/${resource}/{id}`] as const,
  ]),
];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a path of keys through nested objects, failing with the path when a step is missing. */
function dig(value: unknown, ...keys: string[]): Json {
  let at: unknown = value;
  for (const [i, key] of keys.entries()) {
    if (!isRecord(at) || !(key in at)) throw new Error(`missing ${keys.slice(0, i + 1).join(' → ')}`);
    at = at[key];
  }
  if (!isRecord(at)) throw new Error(`${keys.join(' → ')} is not an object`);
  return at;
}

function propertiesOf(schema: Json): string[] {
  return isRecord(schema.properties) ? Object.keys(schema.properties) : [];
}

function requiredOf(schema: Json): string[] {
  return Array.isArray(schema.required) ? schema.required.map(String).sort() : [];
}

/** The JSON body schema of a route's request. */
const requestSchema = (doc: unknown, method: Method, path: string) =>
  dig(doc, 'paths', path, method, 'requestBody', 'content', 'application/json', 'schema');

/** The JSON schema of a route's response with a given status. */
const responseSchema = (doc: unknown, method: Method, path: string, status: string) =>
  dig(doc, 'paths', path, method, 'responses', status, 'content', 'application/json', 'schema');

function expectErrorBody(body: unknown, code?: string): void {
  expect(body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      ...(isRecord(body) && isRecord(body.error) && 'params' in body.error
        ? { params: expect.any(Object) }
        : {}),
    },
  });
  if (isRecord(body) && isRecord(body.error)) expect(String(body.error.message).trim()).not.toBe('');
}

let t: TestApp;
let doc: unknown;

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json();
});
afterAll(async () => {
  await t.close();
});

describe('routes', () => {
  it('GET /api/health answers { status: "ok" }', async () => {
    const res = await t.request('anonymous', 'GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/openapi.json is a public OpenAPI 3 document with paths', async () => {
    const res = await t.request('anonymous', 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body: unknown = res.json();
    expect(isRecord(body) && String(body.openapi)).toMatch(/^3\./);
    expect(Object.keys(dig(body, 'paths')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(CONTRACT)('%s %s is in the OpenAPI document', (method, path) => {
    expect(Object.keys(dig(doc, 'paths', path))).toContain(method);
  });
});

describe('documented request and response fields', () => {
  it('POST /api/auth/login takes { username, password }', () => {
    const body = requestSchema(doc, 'post', '/api/auth/login');
    expect(requiredOf(body)).toEqual(['password', 'username']);
  });

  it('POST /api/tickets takes { categoryId, priorityGroupId?, language? }', () => {
    const body = requestSchema(doc, 'post', '/api/tickets');
    expect(propertiesOf(body)).toEqual(expect.arrayContaining(['categoryId', 'priorityGroupId', 'language']));
    expect(requiredOf(body)).toEqual(['categoryId']);
    expect(dig(body, 'properties', 'language').enum).toEqual(expect.arrayContaining(['pl', 'en', 'uk']));
  });

  it('POST /api/devices/pair takes { code } and answers { token }', () => {
    expect(requiredOf(requestSchema(doc, 'post', '/api/devices/pair'))).toEqual(['code']);
    expect(requiredOf(responseSchema(doc, 'post', '/api/devices/pair', '200'))).toEqual(['token']);
  });

  it('POST /api/tickets answers 201 with the documented fields', () => {
    const issued = responseSchema(doc, 'post', '/api/tickets', '201');
    const fields = [
      'id',
      'code',
      'categoryId',
      'priority',
      'issuedAt',
      'peopleAhead',
      'estimatedWait',
      'statusUrl',
    ];
    expect(propertiesOf(issued)).toEqual(expect.arrayContaining(fields));
    expect(requiredOf(issued)).toEqual(expect.arrayContaining(fields.sort()));
    expect(propertiesOf(dig(issued, 'properties', 'estimatedWait')).sort()).toEqual([
      'maxMinutes',
      'minMinutes',
    ]);
  });

  it('POST /api/counters/{id}/next answers 200 with ticket and reason', () => {
    const result = responseSchema(doc, 'post', '/api/counters/{id}/next', '200');
    expect(propertiesOf(result)).toEqual(expect.arrayContaining(['ticket', 'reason']));
    expect(requiredOf(result)).toEqual(expect.arrayContaining(['reason', 'ticket']));
  });

  it('counter actions take the documented bodies', () => {
    expect(propertiesOf(requestSchema(doc, 'post', '/api/counters/{id}/transfer'))).toEqual(
      expect.arrayContaining(['categoryId', 'counterId']),
    );
    expect(requiredOf(requestSchema(doc, 'post', '/api/counters/{id}/transfer'))).toEqual([]);
    expect(requiredOf(requestSchema(doc, 'post', '/api/counters/{id}/pause'))).toEqual(['reason']);
    expect(requiredOf(requestSchema(doc, 'post', '/api/counters/{id}/call'))).toEqual([
      'reasonCode',
      'ticketId',
    ]);
  });

  it.each([
    ['categories', ['names', 'prefix']],
    ['priority-groups', ['names']],
    ['counters', ['categoryIds', 'name']],
    ['users', ['password', 'role', 'username']],
    ['devices', ['kind', 'name']],
  ])('POST /api/admin/%s requires only %j', (resource, required) => {
    expect(requiredOf(requestSchema(doc, 'post', `/api/admin/${resource}`))).toEqual(required);
  });

  it('names need only Polish; users and devices take the documented enums', () => {
    const names = dig(requestSchema(doc, 'post', '/api/admin/categories'), 'properties', 'names');
    expect(requiredOf(names)).toEqual(['pl']);
    expect(propertiesOf(names).sort()).toEqual(['en', 'pl', 'uk']);
    const user = requestSchema(doc, 'post', '/api/admin/users');
    expect(propertiesOf(user)).toContain('displayName');
    expect(dig(user, 'properties', 'role').enum).toEqual(['clerk', 'supervisor', 'admin']);
    expect(dig(requestSchema(doc, 'post', '/api/admin/devices'), 'properties', 'kind').enum).toEqual([
      'kiosk',
      'display',
      'print-agent',
      'feedback',
      'portal',
    ]);
  });
});

describe('behaviour of the documented routes', () => {
  it('login sets a session cookie that /me reads and logout ends', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'numerek_session');
    expect(session?.value).toBeTruthy();
    expect(session?.httpOnly).toBe(true);
    const cookie = `numerek_session=${session?.value ?? ''}`;
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'admin', role: 'admin' });
    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expectErrorBody(after.json(), 'UNAUTHENTICATED');
  });

  it('GET /api/categories lists categories with prefix, names, open state, waiting and estimated wait', async () => {
    const res = await t.request('anonymous', 'GET', '/api/categories');
    expect(res.statusCode).toBe(200);
    const list: unknown = res.json();
    expect(Array.isArray(list) && list.length).toBeGreaterThan(0);
    expect(list).toContainEqual(
      expect.objectContaining({
        id: t.category.A,
        prefix: 'A',
        names: expect.objectContaining({ pl: expect.any(String) }),
        open: expect.any(Boolean),
        waiting: expect.any(Number),
        estimatedWait: { minMinutes: expect.any(Number), maxMinutes: expect.any(Number) },
      }),
    );
  });

  it('GET /api/priority-groups lists groups with id, names and pictogram', async () => {
    const res = await t.request('anonymous', 'GET', '/api/priority-groups');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual(
      expect.objectContaining({
        id: t.priorityGroupId,
        names: expect.any(Object),
        pictogram: expect.any(String),
      }),
    );
  });

  it('a kiosk issues a ticket (201) whose status is public; the counter calls it with next', async () => {
    const counterId = t.counter[1] ?? '';
    const opened = await t.request('clerk', 'POST', `/api/counters/${counterId}/open`, {});
    expect(opened.statusCode).toBe(200);
    const empty = await t.request('clerk', 'POST', `/api/counters/${counterId}/next`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ ticket: null, reason: null, decision: null });

    const res = await t.request('kiosk', 'POST', '/api/tickets', {
      categoryId: t.category.A,
      priorityGroupId: t.priorityGroupId,
      language: 'en',
    });
    expect(res.statusCode).toBe(201);
    const issued: unknown = res.json();
    expect(issued).toMatchObject({
      id: expect.any(String),
      code: expect.stringMatching(/^A\d{3,}$/),
      categoryId: t.category.A,
      priority: true,
      issuedAt: expect.any(String),
      peopleAhead: 0,
      estimatedWait: { minMinutes: expect.any(Number), maxMinutes: expect.any(Number) },
      statusUrl: expect.any(String),
    });
    if (!isRecord(issued)) throw new Error('not an object');
    expect(String(issued.statusUrl)).toContain(String(issued.id));

    const status = await t.request('anonymous', 'GET', `/api/tickets/${String(issued.id)}`);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ id: issued.id, state: 'waiting', peopleAhead: 0, counter: null });
    expect(status.json()).toHaveProperty('estimatedWait');

    const next = await t.request('clerk', 'POST', `/api/counters/${counterId}/next`);
    expect(next.statusCode).toBe(200);
    expect(next.json()).toMatchObject({
      ticket: { id: issued.id, code: issued.code },
      reason: expect.any(String),
    });
    const called = await t.request('anonymous', 'GET', `/api/tickets/${String(issued.id)}`);
    expect(called.json()).toMatchObject({ state: 'called', counter: { id: counterId } });
  });
});

describe('the minimal admin bodies are accepted (201), then PATCH and DELETE work', () => {
  const cases: ReadonlyArray<readonly [string, (t: TestApp) => unknown, unknown]> = [
    ['categories', () => ({ prefix: 'ZZ', names: { pl: 'Kontrakt' } }), { names: { pl: 'Kontrakt 2' } }],
    ['priority-groups', () => ({ names: { pl: 'Kontrakt' } }), { legalBasis: 'Zarządzenie nr 1' }],
    ['counters', (t) => ({ name: 'Kontrakt', categoryIds: [t.category.A] }), { name: 'Kontrakt 2' }],
    [
      'users',
      () => ({ username: 'kontrakt', password: 'tymczasowe-haslo', role: 'clerk' }),
      { displayName: 'K' },
    ],
    ['devices', () => ({ kind: 'kiosk', name: 'Kontrakt' }), { name: 'Kontrakt 2' }],
  ];

  it.each(cases)('%s', async (resource, body, patch) => {
    const created = await t.request('admin', 'POST', `/api/admin/${resource}`, body(t));
    expect(created.statusCode, created.body).toBe(201);
    const item: unknown = created.json();
    if (!isRecord(item)) throw new Error('not an object');
    expect(item.id).toEqual(expect.any(String));
    // A device is created with a pairing link, never with its token (the link's code gets it).
    if (resource === 'devices') {
      expect(item.pairingUrl).toEqual(expect.stringMatching(/\/kiosk\/#pair=[A-Za-z0-9_-]+$/));
      expect(item.pairingExpiresAt).toEqual(expect.any(String));
      expect(item).not.toHaveProperty('token');
    }
    const id = String(item.id);

    const listed = await t.request('admin', 'GET', `/api/admin/${resource}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toContainEqual(expect.objectContaining({ id }));

    const patched = await t.request('admin', 'PATCH', `/api/admin/${resource}/${id}`, patch);
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ id, ...(isRecord(patch) ? patch : {}) });

    const deleted = await t.request('admin', 'DELETE', `/api/admin/${resource}/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await t.request('admin', 'GET', `/api/admin/${resource}`);
    expect(gone.json()).not.toContainEqual(expect.objectContaining({ id }));
  });

  it('a pairing link’s code gets the device token, which works as the kiosk bearer token', async () => {
    const created = await t.request('admin', 'POST', '/api/admin/devices', {
      kind: 'kiosk',
      name: 'Drugi biletomat',
    });
    expect(created.statusCode).toBe(201);
    const device: unknown = created.json();
    const url = isRecord(device) ? String(device.pairingUrl) : '';
    const paired = await t.app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { code: url.slice(url.indexOf('#pair=') + '#pair='.length) },
    });
    expect(paired.statusCode, paired.body).toBe(200);
    const answer: unknown = paired.json();
    const token = isRecord(answer) ? String(answer.token) : '';
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { authorization: `Bearer ${token}` },
      payload: { categoryId: t.category.M },
    });
    expect(issued.statusCode, issued.body).toBe(201);
  });
});

describe('errors are { error: { code, message } } with a 4xx', () => {
  it('an unknown route is 404 NOT_FOUND', async () => {
    const res = await t.request('anonymous', 'GET', '/api/no-such-route');
    expect(res.statusCode).toBe(404);
    expectErrorBody(res.json(), 'NOT_FOUND');
  });

  it('an unknown id is 404 NOT_FOUND', async () => {
    const res = await t.request('anonymous', 'GET', '/api/tickets/no-such-ticket');
    expect(res.statusCode).toBe(404);
    expectErrorBody(res.json(), 'NOT_FOUND');
  });

  it('a number in a query string that is no finite number (Infinity, 1e309) is 400 VALIDATION_FAILED naming the field', async () => {
    for (const limit of ['Infinity', '-Infinity', '1e309']) {
      const res = await t.request('admin', 'GET', `/api/admin/audit?limit=${limit}`);
      expect(res.statusCode, `${limit}: ${res.body}`).toBe(400);
      expectErrorBody(res.json(), 'VALIDATION_FAILED');
      expect(res.json<{ error: { params?: { field?: string } } }>().error.params?.field).toBe('limit');
    }
    expect((await t.request('admin', 'GET', '/api/admin/audit?limit=1e1')).statusCode).toBe(200);
  });

  it('malformed JSON is 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", ',
    });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.json(), 'VALIDATION_FAILED');
  });

  it('a body that breaks the schema is 400 with a message naming the field', async () => {
    const res = await t.request('kiosk', 'POST', '/api/tickets', { language: 'pl' });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.json(), 'VALIDATION_FAILED');
    expect(JSON.stringify(res.json())).toContain('categoryId');
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded'])(
    'a body sent as %s is 415 UNSUPPORTED_MEDIA_TYPE',
    async (type) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': type },
        payload: 'username=admin&password=x',
      });
      expect(res.statusCode).toBe(415);
      expectErrorBody(res.json(), 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('a body sent as text/plain is refused with a 4xx', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectErrorBody(res.json());
  });

  it('a path id over the router’s length limit is a 4xx with the error shape', async () => {
    const res = await t.request('anonymous', 'GET', `/api/tickets/${'a'.repeat(101)}`);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectErrorBody(res.json());
  });

  it('a path with a broken percent escape is 400 with the error shape', async () => {
    const res = await t.request('anonymous', 'GET', '/api/tickets/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.json());
  });
});
