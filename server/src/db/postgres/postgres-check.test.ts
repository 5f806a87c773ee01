import { describe, expect, it } from 'vitest';
import { explainConnectionError, parsePostgresUrl, StorageError, versionProblem } from './postgres-check.ts';

const where = { host: 'db.city.example', port: '5432', user: 'numerek', database: 'numerek' };

describe('the start-up check’s reading of DATABASE_URL', () => {
  it('finds the host, port, user and database a message names', () => {
    expect(parsePostgresUrl('postgres://numerek:p%40ss@db.city.example/numerek')).toEqual(where);
    expect(parsePostgresUrl('postgresql://kolejka@10.0.0.5:6432/urzad%20gminy?sslmode=require')).toEqual({
      host: '10.0.0.5',
      port: '6432',
      user: 'kolejka',
      database: 'urzad gminy',
    });
    expect(parsePostgresUrl('postgres:///numerek?host=/var/run/postgresql').host).toBe('/var/run/postgresql');
  });

  it('refuses what is not a database address', () => {
    for (const url of [
      '',
      'numerek',
      'http://db/numerek',
      'postgres://db',
      'postgres://db/',
      'postgres://db/a/b',
    ])
      expect(() => parsePostgresUrl(url), url).toThrow(StorageError);
  });

  it('names the version a server has and the one Numerek needs', () => {
    expect(versionProblem(150000, where)).toBeNull();
    expect(versionProblem(170002, where)).toBeNull();
    expect(versionProblem(140009, where)?.message).toBe(
      'PostgreSQL at db.city.example:5432 is version 14.9; Numerek needs PostgreSQL 15 or newer.',
    );
  });

  it('turns connection failures into what to check', () => {
    const failure = (code: string) => Object.assign(new Error(code), { code });
    expect(explainConnectionError(failure('ECONNREFUSED'), where).problem).toBe('unreachable');
    expect(explainConnectionError(failure('ETIMEDOUT'), where).message).toContain('no answer');
    expect(
      explainConnectionError(new Error('Connection terminated due to connection timeout'), where).problem,
    ).toBe('unreachable');
    expect(explainConnectionError(failure('28P01'), where).problem).toBe('refused-login');
    expect(explainConnectionError(failure('3D000'), where).message).toContain(
      'CREATE DATABASE "numerek" OWNER "numerek"',
    );
    expect(explainConnectionError(failure('XX000'), where).problem).toBe('other');
  });
});
