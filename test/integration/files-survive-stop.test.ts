// Files the code wrote before a Stop or a timeout stay in the workspace: only the kernel's
// in-memory state is lost (docs/execution.md, "The kernel"). Docker and local (bubblewrap).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import type { ExecMode } from '../../electron/model/exec/types';
import { SALES_CSV } from './support/env';

const WRITE_THEN_SLEEP = `
import time
with open('marker.txt', 'w') as f:
    f.write('written before the stop')
with open('.home/hidden.txt', 'w') as f:
    f.write('hidden')
print('written', flush=True)
time.sleep(60)
`;

const CHECK = `
import os
print('exists', os.path.exists('marker.txt'), os.path.exists('.home/hidden.txt'))
print(open('marker.txt').read())
`;

async function open(executor: ExecutorService, mode: ExecMode): Promise<ExecSession> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), `pw-survive-${mode}-`)), 'ws');
  const session = await executor.openSession({ workspaceDir: dir, inputs: [SALES_CSV], mode });
  expect(session.mode).toBe(mode);
  return session;
}

for (const mode of ['docker', 'local'] as const) {
  describe(`files written before a stop survive (${mode})`, () => {
    const executor = new ExecutorService({ mode });
    afterAll(() => executor.shutdown());

    it('after a Stop (cancel), the next block and the host see the file', async () => {
      const session = await open(executor, mode);
      const stop = new AbortController();
      const stopped = await session.run('python', WRITE_THEN_SLEEP, {
        signal: stop.signal,
        onOutput: (text) => {
          if (text.includes('written')) stop.abort();
        },
      });
      expect(stopped.exitCode).toBe(130);
      expect(stopped.stateLost).toBe(true);
      const ws = session.sandbox.workspace.dir;
      expect(readFileSync(path.join(ws, 'marker.txt'), 'utf8')).toBe('written before the stop');
      const next = await session.run('python', CHECK);
      expect(next.output).toContain('exists True True');
      expect(next.output).toContain('written before the stop');
      expect(next.exitCode).toBe(0);
    });

    it('after a timeout, the next block and the host see the file', async () => {
      const session = await open(executor, mode);
      const timedOut = await session.run('python', WRITE_THEN_SLEEP, { timeoutMs: 3000 });
      expect(timedOut.exitCode).toBe(124);
      const ws = session.sandbox.workspace.dir;
      expect(readFileSync(path.join(ws, 'marker.txt'), 'utf8')).toBe('written before the stop');
      const next = await session.run('python', CHECK);
      expect(next.output).toContain('exists True True');
      expect(next.exitCode).toBe(0);
    });

    it('after restart() (what Continue may do), the next block sees the file', async () => {
      const session = await open(executor, mode);
      const first = await session.run('python', "open('marker.txt','w').write('written before the stop')");
      expect(first.exitCode).toBe(0);
      await session.restart();
      const next = await session.run('python', CHECK);
      expect(next.output).toContain('written before the stop');
    });
  });
}
