import { describe, expect, it } from 'vitest';
import { MAX_CHUNK, speechChunks } from './speech-chunks.ts';

describe('speechChunks', () => {
  it('sends a screen’s text whole when it fits', () => {
    expect(speechChunks('Wybierz język.  Polski. English. Українська.')).toEqual([
      'Wybierz język. Polski. English. Українська.',
    ]);
  });

  it('never sends more than the server renders, cutting a long sentence at a space', () => {
    const long = `${'słowo '.repeat(120).trim()}.`;
    const chunks = speechChunks(`Twój numer: A 17. ${long}`);
    expect(chunks[0]).toBe('Twój numer: A 17.');
    expect(chunks.length).toBe(4);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(MAX_CHUNK);
    expect(chunks.join(' ').replace(/\s+/g, ' ')).toBe(`Twój numer: A 17. ${long}`);
  });

  it('says nothing for an empty text', () => {
    expect(speechChunks('  ')).toEqual([]);
  });
});
