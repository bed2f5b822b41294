// The kernel's inbox (results and chart specs the code hands over) is written by the code itself,
// so everything in it is hostile input to the supervisor: a deeply nested JSON file (a "JSON bomb"
// well under the size cap) must be dropped like any other bad file, not crash the supervisor and
// lose the kernel's state; symlinks, FIFOs and oversized files are skipped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import { processesMatching } from './support/env';

describe('hostile files in the kernel inbox (local sandbox)', () => {
  const executor = new ExecutorService({ mode: 'local' });
  let tmp: string;
  let session: ExecSession;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-sec-inbox-'));
    session = await executor.openSession({ workspaceDir: path.join(tmp, 'ws'), inputs: [], mode: 'local' });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await executor.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a deeply nested result or chart is dropped; the kernel and its state survive', async () => {
    const r = await session.run(
      'python',
      [
        'import os',
        'kept = 42',
        "inbox = os.environ['PLOTWRIGHT_RESULTS_DIR']",
        "open(os.path.join(inbox, 'result-1.json'), 'w').write('[' * 30000 + ']' * 30000)",
        "open(os.path.join(inbox, 'chart-1.json'), 'w').write('{\"a\":' * 200 + '1' + '}' * 201)",
        // nested past any real result (within what the parser takes): dropped too
        "open(os.path.join(inbox, 'result-2.json'), 'w').write('{\"step\":\"deep\",\"a\":' + '{\"a\":' * 200 + '1' + '}' * 201)",
        "record_result('ok', {'n': 1})",
      ].join('\n'),
    );
    expect(r.exitCode, r.output).toBe(0);
    expect(r.stateLost).toBe(false);
    expect(r.results).toEqual([{ step: 'ok', n: 1 }]);
    const after = await session.run('python', 'print(kept)');
    expect(after.output.trim()).toBe('42');
  }, 60_000);

  it('symlinks, FIFOs, folders and oversized files in the inbox are skipped', async () => {
    const r = await session.run(
      'python',
      [
        'import os',
        "inbox = os.environ['PLOTWRIGHT_RESULTS_DIR']",
        "os.symlink('/etc/hostname', os.path.join(inbox, 'result-2.json'))",
        "os.mkfifo(os.path.join(inbox, 'result-3.json'))",
        "os.mkdir(os.path.join(inbox, 'result-4.json'))",
        "open(os.path.join(inbox, 'result-5.json'), 'w').write('{\"step\":\"big\",\"x\":\"' + 'y' * 70000 + '\"}')",
        "record_result('ok', {'n': 2})",
      ].join('\n'),
    );
    expect(r.exitCode, r.output).toBe(0);
    expect(r.results).toEqual([{ step: 'ok', n: 2 }]);
  }, 60_000);
});

/** Peak resident memory (VmHWM, kB) of the supervisor of this test's kernel. */
function supervisorPeakKb(workspace: string): number {
  const peaks = processesMatching('plotwright_kernel.py')
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(workspace);
      } catch {
        return false;
      }
    })
    .map((pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
  return Math.max(0, ...peaks);
}

describe.skipIf(process.platform !== 'linux')('many results in the inbox (local sandbox)', () => {
  const executor = new ExecutorService({ mode: 'local' });
  let tmp: string;
  let session: ExecSession;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-sec-inbox-many-'));
    session = await executor.openSession({ workspaceDir: path.join(tmp, 'ws'), inputs: [], mode: 'local' });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await executor.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('only the results kept are read: thousands of files do not fill the supervisor’s memory', async () => {
    await session.run('python', 'print(1)');
    const before = supervisorPeakKb(path.join(tmp, 'ws'));
    expect(before).toBeGreaterThan(0);
    const r = await session.run(
      'python',
      [
        'import os',
        "inbox = os.environ['PLOTWRIGHT_RESULTS_DIR']",
        "body = '{\"step\":\"x\",\"v\":[' + ','.join(['0.5'] * 15000) + ']}'",
        'for i in range(1500):',
        "    open(os.path.join(inbox, 'result-%06d.json' % i), 'w').write(body)",
      ].join('\n'),
    );
    expect(r.exitCode, r.output).toBe(0);
    expect(r.results).toHaveLength(20);
    const grown = supervisorPeakKb(path.join(tmp, 'ws')) - before;
    expect(grown).toBeLessThan(100 * 1024); // 1500 files read in full: ~550 MB of Python floats
  }, 120_000);
});
