import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { AgentJobResult } from '@numerek/shared';

/** What became of a job, as the agent tells the server. */
export type JobOutcome = Omit<AgentJobResult, 'id'>;

type Entry =
  | { t: 'start'; id: string; at: number }
  | ({ t: 'end'; id: string; at: number } & JobOutcome)
  | { t: 'ack'; id: string; at: number };

/** How long a job's lines are kept: far longer than any job may wait (600 s at most). */
export const JOURNAL_KEEP_MS = 48 * 60 * 60 * 1000;

interface Known {
  started: boolean;
  outcome: JobOutcome | null;
  acked: boolean;
  at: number;
}

/**
 * The agent's record of every job it has touched, one JSON line each: `start` before the job's
 * first byte goes to the printer, `end` with its outcome, `ack` once the server has stored that
 * outcome. `start` and `end` are on disk (fsync) before the agent goes on, so after a crash or a
 * power cut the agent knows each job it may have sent, and prints no job id a second time.
 *
 * A job with a `start` and no `end` was cut short while its bytes may have been going out: on
 * opening, it is ended as printed (uncertain), never sent again. A torn last line (the process died
 * while writing it) is ignored: a `start` is only acted on once it is on disk.
 */
export class Journal {
  private readonly jobs = new Map<string, Known>();
  private fd: number | null = null;

  private constructor(
    readonly file: string,
    private readonly now: () => number,
  ) {}

  /**
   * Opens (creating) the journal in `dir`: reads it, ends the jobs cut short, keeps the lines of
   * the last {@link JOURNAL_KEEP_MS} only, and appends from then on.
   */
  static open(dir: string, now: () => number = Date.now): Journal {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const journal = new Journal(path.join(dir, 'journal.jsonl'), now);
    journal.load();
    journal.compact();
    journal.fd = openSync(journal.file, 'a', 0o600);
    for (const [id, job] of journal.jobs) {
      if (job.started && !job.outcome) journal.end(id, { state: 'printed', reason: null, uncertain: true });
    }
    return journal;
  }

  /** The job's outcome, if it has one. */
  outcome(id: string): JobOutcome | null {
    return this.jobs.get(id)?.outcome ?? null;
  }

  /** Whether the job ever reached the point of sending bytes. */
  started(id: string): boolean {
    return this.jobs.get(id)?.started ?? false;
  }

  /** Outcomes the server has not confirmed yet, oldest first. */
  unacknowledged(): AgentJobResult[] {
    return [...this.jobs.entries()]
      .filter(([, j]) => j.outcome && !j.acked)
      .sort(([, a], [, b]) => a.at - b.at)
      .map(([id, j]) => ({ id, ...(j.outcome as JobOutcome) }));
  }

  /** Records, on disk, that the job's bytes are about to be sent. */
  start(id: string): void {
    this.append({ t: 'start', id, at: this.now() }, true);
  }

  /** Records, on disk, what became of the job. The first outcome stays. */
  end(id: string, outcome: JobOutcome): JobOutcome {
    const known = this.outcome(id);
    if (known) return known;
    this.append({ t: 'end', id, at: this.now(), ...outcome }, true);
    return outcome;
  }

  /** Records that the server stored the outcome (not synced: at worst it is told again). */
  acknowledged(id: string): void {
    if (this.jobs.get(id)?.acked) return;
    this.append({ t: 'ack', id, at: this.now() }, false);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private append(entry: Entry, sync: boolean): void {
    if (this.fd === null) throw new Error('the journal is closed');
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    if (sync) fsyncSync(this.fd);
    this.apply(entry);
  }

  private apply(entry: Entry): void {
    const job = this.jobs.get(entry.id) ?? { started: false, outcome: null, acked: false, at: entry.at };
    job.at = entry.at;
    if (entry.t === 'start') job.started = true;
    if (entry.t === 'end' && !job.outcome) {
      job.outcome = { state: entry.state, reason: entry.reason, uncertain: entry.uncertain };
    }
    if (entry.t === 'ack') job.acked = true;
    this.jobs.set(entry.id, job);
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const entry = parseEntry(line);
      if (entry) this.apply(entry);
    }
  }

  /** Writes the lines still needed to a new file and puts it in place atomically. */
  private compact(): void {
    const cutoff = this.now() - JOURNAL_KEEP_MS;
    for (const [id, job] of this.jobs) {
      // A job cut short stays whatever its age: it is ended just after.
      if (job.at < cutoff && job.outcome) this.jobs.delete(id);
    }
    const lines: string[] = [];
    for (const [id, job] of this.jobs) {
      if (job.started) lines.push(JSON.stringify({ t: 'start', id, at: job.at }));
      if (job.outcome) lines.push(JSON.stringify({ t: 'end', id, at: job.at, ...job.outcome }));
      if (job.acked) lines.push(JSON.stringify({ t: 'ack', id, at: job.at }));
    }
    const next = `${this.file}.next`;
    const fd = openSync(next, 'w', 0o600);
    try {
      if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.file);
    syncDirectory(path.dirname(this.file));
  }
}

function parseEntry(line: string): Entry | null {
  if (!line.trim()) return null;
  try {
    const e = JSON.parse(line) as Partial<Entry> & Record<string, unknown>;
    if (typeof e.id !== 'string' || typeof e.at !== 'number') return null;
    if (e.t === 'start' || e.t === 'ack') return { t: e.t, id: e.id, at: e.at };
    if (e.t === 'end' && (e.state === 'printed' || e.state === 'failed' || e.state === 'expired')) {
      return {
        t: 'end',
        id: e.id,
        at: e.at,
        state: e.state,
        reason: (e.reason ?? null) as JobOutcome['reason'],
        uncertain: e.uncertain === true,
      };
    }
    return null;
  } catch {
    return null;
  }
}

/** Makes a rename in `dir` durable (a no-op where directories cannot be synced). */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not possible on every file system; the data itself was synced before the rename.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
