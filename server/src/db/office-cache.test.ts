import { describe, expect, it } from 'vitest';
import { markWrites } from './cache-guard.ts';
import { createWriteQueue, openDatabase } from './database.ts';
import { OfficeCache } from './office-cache.ts';

function setup() {
  const writes = markWrites(createWriteQueue(openDatabase(':memory:')));
  const cache = new OfficeCache<number>();
  let reads = 0;
  const read = (officeId: string, value = 1) =>
    cache.get(officeId, async () => {
      reads++;
      return value;
    });
  return { writes, cache, read, reads: () => reads };
}

describe('an office’s settings kept in memory', () => {
  it('are read once per office, and again after a change here', async () => {
    const { writes, cache, read, reads } = setup();
    expect(await read('o1')).toBe(1);
    expect(await read('o1', 2)).toBe(1);
    expect(await read('o2', 5)).toBe(5);
    expect(reads()).toBe(2);
    await writes.write(() => cache.changed());
    expect(await read('o1', 3)).toBe(3);
    expect(await read('o2', 6)).toBe(6);
  });

  it('stay when another node changed only an office’s queue; go with its configuration, or all without a scope', async () => {
    const { cache, read } = setup();
    await read('o1', 1);
    await read('o2', 1);
    cache.forget({ officeId: 'o1', queueOnly: true });
    expect(await read('o1', 2)).toBe(1);
    cache.forget({ officeId: 'o1', queueOnly: false });
    expect(await read('o1', 3)).toBe(3);
    expect(await read('o2', 3), 'another office’s stay').toBe(1);
    cache.forget();
    expect(await read('o2', 4)).toBe(4);
  });

  it('are not kept from a read that a write changing them overlapped', async () => {
    const { writes, cache } = setup();
    let finishRead = (): void => undefined;
    const slowRead = cache.get('o1', () => new Promise<number>((resolve) => (finishRead = () => resolve(1))));
    await writes.write(() => cache.changed());
    finishRead();
    expect(await slowRead).toBe(1);
    expect(await cache.get('o1', async () => 2), 'the overlapped read was not kept').toBe(2);
  });
});
