import { measureNextLatency } from './next-latency.ts';
const r = await measureNextLatency({ waiting: 5000, warmup: 200, calls: 1000, priorityShare: 0.2, issueCalls: 200 }, console.log);
console.log(JSON.stringify(r, null, 1));
