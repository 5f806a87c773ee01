import { benchPostgres } from './run-postgres.ts';
const out = (l = '') => process.stdout.write(`${l}\n`);
const verdicts: string[] = [];
await benchPostgres(
  (p) => (process.env.SMOKE_PARTS ?? 'pg-issue,pg-next,pg-offices').split(',').includes(p),
  {
    rawCommits: 200,
    http: { requests: 300, warmup: 30, connections: 32, priorityShare: 0.2, floorRequests: 100 },
    next: { waiting: 500, warmup: 20, calls: 100, priorityShare: 0.2, issueCalls: 20 },
    offices: { issuers: 2, clerks: 3, warmupSeconds: 1, seconds: 3, priorityShare: 0.2 },
    targetRatio: 0.7,
    nextAllowanceMs: 2,
    targetOfficesRatio: 0.7,
  },
  { rawBefore: null, rawAfter: null, http: null, next: null },
  out,
  (ok, text) => verdicts.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`),
);
for (const v of verdicts) out(v);
