import type { CounterDetail } from '@numerek/shared';
import { waitingTotal } from '../actions.ts';
import { fmt, type Strings } from '../i18n.ts';
import { listWait } from '../wait-text.ts';

/** The counter's queue: per category how many wait and for how long, then the first of them to be called. */
export function QueueCard(props: {
  t: Strings;
  detail: CounterDetail | null;
  catName: (categoryId: string) => string;
  canCall: boolean;
  onCall: (ticketId: string) => void;
}) {
  const { t, detail, catName } = props;
  const waiting = detail?.waiting ?? [];
  const total = detail ? waitingTotal(detail) : 0;
  return (
    <section class="card queue-card" aria-labelledby="queue-h">
      <h2 id="queue-h">{t.queue}</h2>
      {detail && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t.ticketCategory}</th>
              <th scope="col">{t.waitingCount}</th>
              <th scope="col">{t.longestWait}</th>
            </tr>
          </thead>
          <tbody>
            {detail.waitingCounts.map((q) => (
              <tr key={q.categoryId}>
                <th scope="row">{catName(q.categoryId)}</th>
                <td>{q.waiting}</td>
                <td>
                  {q.longestWaitMinutes === null
                    ? '—'
                    : fmt(t.minutes, { n: Math.round(q.longestWaitMinutes) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t.waitingList}</h3>
      {/* The server lists only the first the counter would call; the counts above cover all. */}
      {waiting.length < total && <p class="hint">{fmt(t.listedOf, { shown: waiting.length, total })}</p>}
      {waiting.length === 0 ? (
        <p>{t.queueEmpty}</p>
      ) : (
        // A data table may scroll sideways on a narrow window or at 200 % (WCAG 1.4.10).
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t.waitingList}>
          <table class="table waiting">
            <thead>
              <tr>
                <th scope="col">{t.ticket}</th>
                <th scope="col">{t.ticketCategory}</th>
                <th scope="col">{t.waited}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.callChosen}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((w) => (
                <tr key={w.id}>
                  <th scope="row">
                    {w.code}
                    {w.priority && <span class="badge">{t.priority}</span>}
                    {w.interpreter && <span class="badge">PJM</span>}
                  </th>
                  <td>{catName(w.categoryId)}</td>
                  <td>{listWait(t, w)}</td>
                  <td>
                    <button
                      type="button"
                      class="btn small"
                      disabled={!props.canCall}
                      onClick={() => props.onCall(w.id)}
                    >
                      {t.callThis} <span class="visually-hidden">{w.code}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
