// The stateful kernel and the executor session, on real Python in the local sandbox.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import { KernelClient, type KernelProcess, type KernelExit } from '../../electron/core/exec/kernel/client';
import type { ExecSession } from '../../electron/core/exec/session';
import { SALES_CSV } from './support/env';

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let session: ExecSession;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-kernel-'));
  session = await executor.openSession({
    workspaceDir: path.join(root, 'ws'),
    inputs: [SALES_CSV],
    mode: 'local',
  });
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const run = (code: string, opts = {}) => session.run('python', code, opts);

describe('stateful kernel', () => {
  it('keeps variables between blocks: the DataFrame is loaded once', async () => {
    expect((await run("import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(len(df))")).output).toBe(
      '10\n',
    );
    expect((await run('print(df.revenue.sum())')).output).toBe('91100\n');
  });

  it('shows the value of a last expression, like a notebook', async () => {
    const r = await run("df.groupby('product').revenue.sum()");
    expect(r.output).toMatch(/Gadget Lite\s+17800\nWidget Pro\s+73300/);
    expect((await run('x = 5')).output).toBe('');
  });

  it('keeps stdout, stderr and child processes in the order they wrote', async () => {
    const r = await run(
      "import sys, os, subprocess\nprint('one')\nprint('two', file=sys.stderr)\nos.system('echo three')\nsubprocess.run(['echo', 'four'])\nprint('five')",
    );
    expect(r.output).toBe('one\ntwo\nthree\nfour\nfive\n');
  });

  it('reports exit codes the way a script would', async () => {
    expect((await run('import sys; sys.exit(3)')).exitCode).toBe(3);
    expect((await run('import sys; sys.exit("bad input")')).output).toBe('bad input\n');
    const err = await run("x = 1\ndf['nope']");
    expect(err.exitCode).toBe(1);
    expect(err.output).toContain('File "<block');
    expect(err.output).toContain("KeyError: 'nope'");
    expect(err.output).not.toContain('plotwright_kernel.py');
    const syntax = await run('def broken(:\n  pass');
    expect(syntax.exitCode).toBe(1);
    expect(syntax.output).toContain('SyntaxError');
  });

  it('runs sh blocks in the workspace', async () => {
    const r = await session.run('sh', 'ls sales.csv && echo "$HOME" && exit 4');
    expect(r.exitCode).toBe(4);
    expect(r.output).toBe(`sales.csv\n${session.sandbox.workspace.homeDir}\n`);
  });

  it('lists files the block created as artifacts, and writes `# filename:` code inside the workspace', async () => {
    const r = await run(
      "# filename: scripts/summary.py\ndf.to_csv('out.csv', index=False)\nopen('notes.txt', 'w').write('hi')",
    );
    expect(r.artifacts.map((a) => [a.name, a.kind]).sort()).toEqual([
      ['notes.txt', 'text'],
      ['out.csv', 'data'],
      ['scripts/summary.py', 'text'],
    ]);
    const ws = session.sandbox.workspace.dir;
    expect(readFileSync(path.join(ws, 'scripts', 'summary.py'), 'utf8')).toContain('df.to_csv');
    expect(readFileSync(path.join(ws, 'out.csv'), 'utf8').split('\n')[0]).toBe(
      'date,product,region,revenue,units',
    );
  });

  it('is cancelled by an AbortSignal: exit 130, partial output kept, state lost', async () => {
    await run('kept = 1');
    const controller = new AbortController();
    const pending = run("import time\nprint('started', flush=True)\ntime.sleep(60)", {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 1500);
    const r = await pending;
    expect(r.exitCode).toBe(130);
    expect(r.output).toContain('started');
    expect(r.output).toContain('Cancelled');
    expect(r.stateLost).toBe(true);
    expect((await run('print(kept)')).output).toContain("NameError: name 'kept' is not defined");
  });

  it('restarts on request, losing state', async () => {
    await run('y = 2');
    await session.restart();
    expect((await run('print(y)')).exitCode).toBe(1);
  });

  it('survives code that writes garbage onto every file descriptor', async () => {
    const r = await run(
      "import os\nfor fd in range(3, 20):\n    try:\n        os.write(fd, b'not json\\n')\n    except OSError:\n        pass\nprint('done')",
    );
    expect(r.output).toMatch(/done|misbehaved/);
    expect((await run('print(1 + 1)')).output).toBe('2\n');
  });
});

describe('assistant messages (batches)', () => {
  it('runs every runnable block in order and stops at the first failure', async () => {
    const message =
      "Load:\n```python\na = 1\nprint('first')\n```\nThen:\n```py\nraise ValueError('second fails')\n```\n```python\nprint('third')\n```";
    const batch = await session.runMessage(message);
    expect(batch?.results.map((r) => r.exitCode)).toEqual([0, 1]);
    expect(batch?.exitCode).toBe(1);
    expect(batch?.message).toMatch(
      /^exitcode: 1 \(execution failed\)\nCode output: first\n\n.*ValueError: second fails/s,
    );
    expect(batch?.message).not.toContain('third');
  });

  it('answers `unsupported language X` when the only code is in another language', async () => {
    const batch = await session.runMessage('```js\nconsole.log(1)\n```');
    expect(batch?.message).toBe(
      'exitcode: 1 (execution failed)\nCode output: unsupported language javascript',
    );
  });

  it('has nothing to run for a message without code', async () => {
    expect(await session.runMessage('All done. TERMINATE')).toBeNull();
  });
});

describe('stateless mode (a fresh process per block, as AutoGen)', () => {
  it('does not keep variables', async () => {
    const fresh = await executor.openSession({
      workspaceDir: path.join(root, 'ws2'),
      mode: 'local',
      stateless: true,
    });
    expect((await fresh.run('python', 'z = 1\nprint(z)')).output).toBe('1\n');
    const r = await fresh.run('python', 'print(z)');
    expect(r.exitCode).toBe(1);
    expect(r.stateLost).toBe(false);
    await fresh.close();
  });
});

describe('kernel protocol robustness (real processes that misbehave)', () => {
  function fakeKernel(script: string): KernelProcess {
    const child = spawn('/usr/bin/python3', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<KernelExit>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    return {
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill: async () => void (child.kill('SIGKILL'), await exited),
    };
  }

  it('rejects a kernel that speaks garbage', async () => {
    await expect(
      KernelClient.start(fakeKernel("print('hello, I am not a kernel'); import time; time.sleep(30)")),
    ).rejects.toThrow('malformed protocol message');
  });

  it('reports a kernel that dies while starting, with its last words', async () => {
    await expect(
      KernelClient.start(fakeKernel("import sys; sys.stderr.write('boom: missing module\\n'); sys.exit(5)")),
    ).rejects.toThrow(/exited while starting \(exit code 5\): boom: missing module/);
  });

  it('refuses an oversized protocol line', async () => {
    const script =
      "import sys\nsys.stdout.write('x' * (17 * 1024 * 1024))\nsys.stdout.flush()\nimport time; time.sleep(30)";
    await expect(KernelClient.start(fakeKernel(script))).rejects.toThrow('oversized protocol message');
  });

  it('a workspace file is never created outside by a refused directive', async () => {
    const r = await run('# filename: /tmp/pw-absolute.py\nprint(1)');
    expect(r.exitCode).toBe(1);
    expect(existsSync('/tmp/pw-absolute.py')).toBe(false);
  });
});
