import { StaffTicket } from '@numerek/shared';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { serializerSchema } from './serializer-schema.ts';

const Child = Type.Object({ a: Type.String(), n: Type.Union([Type.Number(), Type.Null()]) });
const Parent = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('one'), Type.Literal('two')]),
  maybeKind: Type.Union([Type.Literal('one'), Type.Literal('two'), Type.Null()]),
  child: Type.Union([Child, Type.Null()]),
  either: Type.Union([Type.Object({ x: Type.Number() }), Type.Object({ y: Type.String() })]),
  list: Type.Array(Type.Union([Child, Type.Null()])),
});

/** A serializer as Fastify builds one for a route's answer. */
const fastJson = (schema: unknown): ((doc: unknown) => string) =>
  (
    SerializerSelector() as unknown as (
      external: object,
      options: object,
    ) => (route: object) => (doc: unknown) => string
  )(
    {},
    {},
  )({ schema, method: 'GET', url: '/', httpStatus: '200' });

describe('the schema a response is serialized with', () => {
  it('makes "X or null" a nullable X and a union of words a word, and keeps unions of objects', () => {
    const s = serializerSchema(Parent) as { properties: Record<string, Record<string, unknown>> };
    expect(s.properties.id).toEqual({ type: 'string', nullable: true });
    expect(s.properties.kind).toEqual({ type: 'string' });
    expect(s.properties.maybeKind).toEqual({ type: 'string', nullable: true });
    expect(s.properties.child).toMatchObject({ type: 'object', nullable: true });
    expect(s.properties.child?.properties).toMatchObject({ n: { type: 'number', nullable: true } });
    expect(s.properties.either?.anyOf).toHaveLength(2);
    // The protocol's schema itself is left as it was.
    expect(Parent.properties.id.anyOf).toHaveLength(2);
  });

  it('writes the same JSON as the union did, and still leaves out what the schema does not name', () => {
    const values = [
      {
        id: 'x',
        kind: 'one',
        maybeKind: null,
        child: { a: 'a', n: 1, secret: 's' },
        either: { x: 1 },
        list: [null, { a: 'b', n: null }],
      },
      { id: null, kind: 'two', maybeKind: 'one', child: null, either: { y: 'y' }, list: [] },
    ];
    const before = fastJson(Parent);
    const after = fastJson(serializerSchema(Parent));
    for (const v of values) {
      expect(after(v)).toBe(before(v));
      expect(after(v)).not.toContain('secret');
    }
  });

  it('needs no validator for a staff ticket, the answer of most clerk actions', () => {
    const s = JSON.stringify(serializerSchema(StaffTicket));
    const anyOfs = s.match(/"anyOf"/g)?.length ?? 0;
    expect(anyOfs).toBeLessThan((JSON.stringify(StaffTicket).match(/"anyOf"/g)?.length ?? 0) / 3);
  });
});
