import { TestRunner, type RunnerTask, type RunnerTestFile } from 'vitest';
import { testPostgresUrl } from '@numerek/server/testing/postgres';

function skip(task: RunnerTask): void {
  if (task.mode === 'run' || task.mode === 'queued') task.mode = 'skip';
  if ('tasks' in task) for (const child of task.tasks) skip(child);
}

/**
 * The `tests-pg` project's runner: when the run has no PostgreSQL server (none installed, outside
 * CI; the global setup said so), every test of the project is reported as skipped instead of
 * failing, with no change to the suites it shares with the SQLite run.
 */
export default class PostgresRunner extends TestRunner {
  onCollected(files: RunnerTestFile[]): void {
    if (!testPostgresUrl()) for (const file of files) skip(file);
  }
}
