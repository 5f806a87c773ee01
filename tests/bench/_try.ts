import { measureHttpIssuing } from './issue-throughput.ts';
const r = await measureHttpIssuing({ requests: 6000, warmup: 300, connections: 48, priorityShare: 0.2 }, console.log);
console.log(JSON.stringify(r, null, 1));
