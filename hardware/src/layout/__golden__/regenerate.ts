// Rewrites the golden hex files after a deliberate layout change:
//   npx tsx hardware/src/layout/__golden__/regenerate.ts
// Review the diff and the decoded text before committing them.
import { writeFileSync } from 'node:fs';
import { decodeEscPos } from '../../escpos/decoder.ts';
import { layoutTicket } from '../ticket-layout.ts';
import { GOLDEN_CASES, toHexFixture } from './golden-cases.ts';

for (const c of GOLDEN_CASES) {
  const bytes = layoutTicket(c.job, c.profile);
  writeFileSync(new URL(`./${c.name}.hex`, import.meta.url), toHexFixture(bytes));
  process.stdout.write(`--- ${c.name} (${bytes.length} bytes)\n${decodeEscPos(bytes).text}\n`);
}
