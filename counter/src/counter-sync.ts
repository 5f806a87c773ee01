import type { CounterActionResult, CounterDetail } from '@numerek/shared';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, sessionEnded } from './api.ts';
import { DeltaGate } from './delta-gate.ts';
import { connectLive, type LiveStatus } from './live.ts';

/** Waiting times grow even when nothing happens: a state this old is fetched again. */
const STALE_MS = 30_000;

export interface CounterSync {
  detail: CounterDetail | null;
  live: LiveStatus;
  /** An action is on its way. */
  busy: boolean;
  /**
   * Sends one action (one at a time) and shows the counter as its answer describes it. Resolves
   * to the answer, or to null when another action is still on its way; rejects with the API error.
   */
  act(path: string, body?: unknown): Promise<CounterActionResult | null>;
}

/**
 * Keeps one counter's detail up to date: fetched when the page opens or joins the live stream,
 * again for a delta that the shown state does not reflect, and taken from the answer of the
 * clerk's own action, so that an action costs one request and no refetch (see DeltaGate).
 */
export function useCounterSync(id: string): CounterSync {
  const [detail, setDetail] = useState<CounterDetail | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [busy, setBusy] = useState(false);
  const gate = useRef(new DeltaGate()).current;
  // A ref, not state: a double click arrives before the re-render that would disable the button.
  const acting = useRef(false);
  const fetching = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  /** Counts the answers shown, so that a fetch sent before an answer cannot overwrite it. */
  const answers = useRef(0);
  const freshAt = useRef(0);

  const refetch = useCallback(async (): Promise<void> => {
    // Deltas come in bursts: one request at a time, and one more afterwards if anything arrived.
    if (fetching.current) {
      again.current = true;
      return fetching.current;
    }
    const run = async () => {
      do {
        again.current = false;
        const answered = answers.current;
        try {
          const d = await api<CounterDetail>('GET', `/api/counters/${id}`);
          if (answers.current === answered) {
            setDetail(d);
            freshAt.current = Date.now();
          }
        } catch {
          // A 401 is handled globally; anything else is retried on the next delta or tick.
        }
      } while (again.current);
    };
    fetching.current = run().finally(() => {
      fetching.current = null;
    });
    return fetching.current;
  }, [id]);

  useEffect(() => {
    void refetch();
    const stop = connectLive('/counter', id, {
      status: setLive,
      changed: (seq) => {
        if (gate.delta(seq)) void refetch();
      },
      expired: sessionEnded,
    });
    const tick = setInterval(() => {
      if (!acting.current && Date.now() - freshAt.current >= STALE_MS) void refetch();
    }, STALE_MS / 6);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, [id, refetch]);

  const act = async (path: string, body?: unknown): Promise<CounterActionResult | null> => {
    if (acting.current) return null;
    acting.current = true;
    setBusy(true);
    gate.begin();
    let seq: number | null = null;
    try {
      const r = await api<CounterActionResult>('POST', `/api/counters/${id}/${path}`, body);
      seq = r.seq;
      answers.current++;
      freshAt.current = Date.now();
      setDetail(r.detail);
      return r;
    } finally {
      acting.current = false;
      setBusy(false);
      if (gate.end(seq)) void refetch();
    }
  };

  return { detail, live, busy, act };
}
