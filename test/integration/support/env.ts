// Shared helpers for integration tests: dataset paths, host process inspection, polling.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const DATASETS = path.resolve(PROJECT_ROOT, '..', 'shared', 'datasets');
export const SALES_CSV = path.join(DATASETS, 'sales.csv');

/**
 * Host processes whose command line contains `needle`. Processes in bubblewrap's PID
 * namespace and in containers are visible here too, so this proves nothing survived.
 */
export function processesMatching(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (cmdline.includes(needle) && !/\) Z /.test(state)) found.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
