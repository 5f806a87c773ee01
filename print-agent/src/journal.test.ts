import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JOURNAL_KEEP_MS } from './journal.ts';

const dirOf = () => mkdtempSync(path.join(tmpdir(), 'numerek-journal-'));

describe('the print agent’s journal', () => {
  it('keeps each job’s outcome across a restart, the first outcome only, in a file only its user reads', () => {
    const dir = dirOf();
    const journal = Journal.open(dir);
    journal.start('a');
    expect(journal.end('a', { state: 'printed', reason: null, uncertain: false })).toEqual({
      state: 'printed',
      reason: null,
      uncertain: false,
    });
    expect(journal.end('a', { state: 'failed', reason: 'paper_out', uncertain: false }).state).toBe(
      'printed',
    );
    journal.end('b', { state: 'expired', reason: 'timeout', uncertain: false });
    journal.close();
    expect(statSync(journal.file).mode & 0o777).toBe(0o600);

    const again = Journal.open(dir);
    expect(again.outcome('a')).toEqual({ state: 'printed', reason: null, uncertain: false });
    expect(again.outcome('b')?.state).toBe('expired');
    expect(again.outcome('c')).toBeNull();
    again.close();
  });

  it('a job started and never ended (the agent died mid-job) is ended as printed, uncertain, and never again', () => {
    const dir = dirOf();
    const journal = Journal.open(dir);
    journal.start('cut-short');
    // No end: the process is gone. A torn line from the moment it died is ignored.
    appendFileSync(journal.file, '{"t":"end","id":"cut-sh');
    const again = Journal.open(dir);
    expect(again.outcome('cut-short')).toEqual({ state: 'printed', reason: null, uncertain: true });
    expect(again.unacknowledged()).toEqual([
      { id: 'cut-short', state: 'printed', reason: null, uncertain: true },
    ]);
    again.close();
    // And it stays so through any number of restarts.
    const third = Journal.open(dir);
    expect(third.outcome('cut-short')?.uncertain).toBe(true);
    third.close();
  });

  it('lists the outcomes the server has not confirmed, oldest first, and forgets confirmed ones', () => {
    let now = 1000;
    const journal = Journal.open(dirOf(), () => now);
    journal.end('x', { state: 'printed', reason: null, uncertain: false });
    now += 1;
    journal.end('y', { state: 'failed', reason: 'cover_open', uncertain: false });
    expect(journal.unacknowledged().map((r) => r.id)).toEqual(['x', 'y']);
    journal.acknowledged('x');
    expect(journal.unacknowledged().map((r) => r.id)).toEqual(['y']);
    journal.close();
  });

  it('keeps only the last two days of settled jobs when it opens', () => {
    let now = Date.parse('2026-11-23T09:00:00Z');
    const dir = dirOf();
    const journal = Journal.open(dir, () => now);
    journal.end('old', { state: 'printed', reason: null, uncertain: false });
    journal.start('old-cut-short');
    now += JOURNAL_KEEP_MS + 1000;
    journal.end('new', { state: 'printed', reason: null, uncertain: false });
    journal.close();
    const again = Journal.open(dir, () => now);
    expect(again.outcome('old')).toBeNull();
    expect(again.outcome('new')).not.toBeNull();
    // A job cut short is kept, whatever its age, and ended as printed.
    expect(again.outcome('old-cut-short')?.uncertain).toBe(true);
    again.close();
    expect(readFileSync(again.file, 'utf8')).not.toContain('"old"');
  });

  it('reads past lines it does not understand', () => {
    const dir = dirOf();
    writeFileSync(
      path.join(dir, 'journal.jsonl'),
      ['not json', '{"t":"end","id":"z","at":1,"state":"melted"}', '{"t":"start","id":"s","at":1}', ''].join(
        '\n',
      ),
    );
    const journal = Journal.open(dir, () => 2);
    expect(journal.outcome('z')).toBeNull();
    expect(journal.outcome('s')?.uncertain).toBe(true);
    journal.close();
  });
});
