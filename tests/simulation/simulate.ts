/**
 * `npm run simulate -- <scenario.json> [more.json …]`: runs the office-day simulation on each
 * scenario and prints its table (see office-simulation.ts).
 */
import { readFileSync } from 'node:fs';
import { formatResult, simulate, type Scenario } from './office-simulation.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run simulate -- <scenario.json> [more.json …]');
  process.exit(2);
}
for (const file of files) {
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
  console.log(formatResult(simulate(scenario)));
  console.log('');
}
