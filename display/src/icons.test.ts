import { describe, expect, it } from 'vitest';

// Every file the display app is built from, as text (Vite's glob import, also in Vitest).
const sources = import.meta.glob<string>(['./**/*.{ts,tsx,css}', '!./**/*.test.ts', '../index.html'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('display icons', () => {
  it('draws every icon: no emoji anywhere in the display app, which a TV without an emoji font would show as boxes', () => {
    expect(Object.keys(sources)).toEqual(
      expect.arrayContaining(['./App.tsx', './icons.tsx', '../index.html']),
    );
    const emoji = Object.entries(sources).flatMap(([file, text]) =>
      text
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
        .filter(({ text: line }) => /\p{Extended_Pictographic}/u.test(line)),
    );
    expect(emoji).toEqual([]);
  });
});
