import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * A refused value says which field, what was wrong with it and the bound it broke, so that the
 * console can say it in the reader's language instead of "check the data".
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PRINTER_ALLOW_LOCAL: 'false' } });
});
afterAll(async () => {
  await t.close();
});

const paramsOf = async (res: Promise<{ statusCode: number; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode).toBe(400);
  const body = r.json() as { error: { code: string; params?: Record<string, unknown> } };
  expect(body.error.code).toBe('VALIDATION_FAILED');
  return body.error.params;
};

describe('why a value was refused', () => {
  it('a text too long names the field and the most characters it takes', async () => {
    const params = await paramsOf(
      t.request('admin', 'POST', '/api/admin/categories', { prefix: 'Q', names: { pl: 'x'.repeat(121) } }),
    );
    expect(params).toEqual({ field: 'names.pl', reason: 'too_long', limit: 120 });
  });

  it('an empty required text, and a number out of range with its bound', async () => {
    expect(
      await paramsOf(t.request('admin', 'POST', '/api/admin/counters', { name: '', categoryIds: [] })),
    ).toEqual({ field: 'name', reason: 'empty' });
    expect(
      await paramsOf(
        t.request('admin', 'POST', '/api/admin/categories', {
          prefix: 'Q',
          names: { pl: 'Sprawa' },
          dailyLimit: 10000,
        }),
      ),
    ).toEqual({ field: 'dailyLimit', reason: 'too_large', limit: 9999 });
    expect(
      await paramsOf(
        t.request('admin', 'POST', '/api/admin/counters', { name: 'Okienko', number: 0, categoryIds: [] }),
      ),
    ).toEqual({ field: 'number', reason: 'too_small', limit: 1 });
  });

  it('a network printer on the server’s own address says so', async () => {
    const params = await paramsOf(
      t.request('admin', 'POST', '/api/admin/printers', {
        name: 'Drukarka okienko 5',
        connection: 'tcp://127.0.0.1:9100',
        codePage: 'cp852',
        paperWidth: 80,
      }),
    );
    expect(params).toEqual({ field: 'connection', reason: 'local_address' });
  });

  it('a value of the wrong kind names only its field', async () => {
    expect(
      await paramsOf(t.request('supervisor', 'PATCH', '/api/admin/settings', { priorityWeight: '3' })),
    ).toEqual({ field: 'priorityWeight' });
  });
});
