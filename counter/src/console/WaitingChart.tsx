import { fmt } from '../i18n.ts';
import { timeOfDay, useWords } from './words.ts';

export interface Sample {
  at: number;
  waiting: number;
}

const W = 600;
const H = 160;
const PAD = 32;

/**
 * Waiting clients over the day as this console has seen them (sampled at each live change,
 * at most once a minute). Plain SVG; the same numbers are given in words for screen readers.
 */
export function WaitingChart(props: { samples: Sample[] }) {
  const { lang, c } = useWords();
  const s = props.samples;
  if (s.length < 2) return <p>{c.dashboard.chartLater}</p>;
  const first = s[0]?.at ?? 0;
  const last = s.at(-1)?.at ?? first + 1;
  const max = Math.max(1, ...s.map((p) => p.waiting));
  const x = (at: number) => PAD + ((at - first) / Math.max(1, last - first)) * (W - 2 * PAD);
  const y = (n: number) => H - PAD + 8 - (n / max) * (H - 2 * PAD);
  const time = (at: number) => timeOfDay(lang, at);
  const points = s.map((p) => `${x(p.at).toFixed(1)},${y(p.waiting).toFixed(1)}`).join(' ');
  const summary = fmt(c.dashboard.chartSummary, {
    from: time(first),
    to: time(last),
    max,
    now: s.at(-1)?.waiting ?? 0,
  });
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        <line x1={PAD} y1={y(0)} x2={W - PAD} y2={y(0)} stroke="#595959" />
        <line x1={PAD} y1={y(0)} x2={PAD} y2={y(max)} stroke="#595959" />
        <text x={PAD - 6} y={y(max) + 4} text-anchor="end" font-size="12" fill="#1a1a1a">
          {max}
        </text>
        <text x={PAD - 6} y={y(0) + 4} text-anchor="end" font-size="12" fill="#1a1a1a">
          0
        </text>
        <text x={PAD} y={H - 4} font-size="12" fill="#1a1a1a">
          {time(first)}
        </text>
        <text x={W - PAD} y={H - 4} font-size="12" text-anchor="end" fill="#1a1a1a">
          {time(last)}
        </text>
        <polyline points={points} fill="none" stroke="#0b4f8a" stroke-width="2.5" />
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
