// The hostile-code suite: the same attacks against every sandbox. Nothing leaks, nothing
// survives, the host is unharmed, and each result explains what happened.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerSandbox } from '../../../electron/core/exec/docker/docker-sandbox';
import type { ExecSession } from '../../../electron/core/exec/session';
import { sha256File } from '../../../electron/core/exec/workspace';
import { processesMatching, SALES_CSV, waitFor } from './env';

export interface SandboxUnderTest {
  /** Opens a session on a fresh workspace holding a read-only copy of sales.csv. */
  open(
    workspace: string,
    limits: { memoryMb?: number; pids?: number; timeoutMs?: number },
  ): Promise<ExecSession>;
  /** Network, host files and process limits are isolated (false for the no-OS-sandbox fallback). */
  isolated: boolean;
  /** The memory bomb ends in a MemoryError (rlimit) or an out-of-memory kill (cgroup). */
  memoryFailure: RegExp;
}

const SECRETS = {
  OPENAI_API_KEY: `sk-plotwright-test-${randomBytes(8).toString('hex')}`,
  AWS_SECRET_ACCESS_KEY: `aws-${randomBytes(8).toString('hex')}`,
  GITHUB_TOKEN: `ghp_${randomBytes(8).toString('hex')}`,
  DATABASE_URL: `postgres://u:${randomBytes(6).toString('hex')}@db/x`,
};

export function hostileSuite(name: string, sut: SandboxUnderTest): void {
  describe(`hostile code: ${name}`, () => {
    let root: string;
    let session: ExecSession;
    let originalSha: string;
    const mark = () => `${4000 + Math.floor(Math.random() * 900)}.${randomBytes(3).readUIntBE(0, 3)}`;

    beforeAll(async () => {
      Object.assign(process.env, SECRETS);
      root = mkdtempSync(path.join(os.tmpdir(), 'pw-hostile-'));
      originalSha = await sha256File(SALES_CSV);
      session = await sut.open(path.join(root, 'ws'), { memoryMb: 512, pids: 128, timeoutMs: 8000 });
    });

    afterAll(async () => {
      await session?.close();
      for (const key of Object.keys(SECRETS)) delete process.env[key];
      rmSync(root, { recursive: true, force: true });
      expect(await sha256File(SALES_CSV)).toBe(originalSha);
    });

    const run = (code: string, timeoutMs?: number) => session.run('python', code, { timeoutMs });
    // Attacks the no-OS-sandbox fallback cannot stop are not run against it (its warning says so).
    const isolatedIt = sut.isolated ? it : () => undefined;

    it('does not see the app environment secrets', async () => {
      const r = await run(
        `import os\nprint(dict(os.environ))\nfor p in ('/proc/self/environ', '/proc/1/environ', '/proc/${process.pid}/environ', '/proc/${process.ppid}/environ'):\n    try:\n        print(p, open(p, 'rb').read())\n    except Exception as e:\n        print(p, type(e).__name__)`,
      );
      expect(r.exitCode).toBe(0);
      expect(r.output).toContain("'PLOTWRIGHT': '1'");
      for (const value of Object.values(SECRETS)) expect(r.output).not.toContain(value);
    });

    isolatedIt("cannot read the user's home (a planted secret, ~/.ssh)", async () => {
      const secretFile = path.join(os.homedir(), `.pw-test-secret-${randomBytes(4).toString('hex')}`);
      const secret = `home-secret-${randomBytes(8).toString('hex')}`;
      writeFileSync(secretFile, secret);
      try {
        const r = await run(
          `import os\nfor p in (${JSON.stringify(secretFile)}, ${JSON.stringify(path.join(os.homedir(), '.ssh'))}):\n    try:\n        print(p, open(p).read() if os.path.isfile(p) else os.listdir(p))\n    except Exception as e:\n        print(p, type(e).__name__, e)`,
        );
        expect(r.output).not.toContain(secret);
        expect(r.output).toMatch(/FileNotFoundError|PermissionError/);
      } finally {
        rmSync(secretFile, { force: true });
      }
    });

    isolatedIt('cannot write outside the workspace', async () => {
      const tag = randomBytes(4).toString('hex');
      const targets = [
        path.join(os.homedir(), `pw-escape-${tag}`),
        path.join(os.tmpdir(), `pw-escape-${tag}`),
        `/etc/pw-escape-${tag}`,
        path.join(root, `pw-escape-${tag}`), // the workspace's parent
      ];
      const r = await run(
        `for p in ${JSON.stringify(targets)}:\n    try:\n        open(p, 'w').write('x'); print(p, 'written inside the sandbox')\n    except Exception as e:\n        print(p, type(e).__name__, e)`,
      );
      expect(r.exitCode).toBe(0);
      for (const t of targets) expect(existsSync(t), t).toBe(false);
      expect(r.output).toMatch(/Read-only file system|No such file|Permission denied/);
    });

    isolatedIt('cannot open network connections, not even to the host loopback', async () => {
      let connections = 0;
      const server = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as net.AddressInfo).port;
      try {
        const r = await run(
          `import socket\nfor host, port in (('127.0.0.1', ${port}), ('1.1.1.1', 53), ('example.com', 80)):\n    try:\n        socket.create_connection((host, port), timeout=3); print(host, 'connected')\n    except Exception as e:\n        print(host, type(e).__name__, e)`,
        );
        expect(r.output).not.toContain('connected');
        expect(r.output).toMatch(/refused|unreachable|Name or service not known|Temporary failure/i);
        expect(connections).toBe(0);
      } finally {
        server.close();
      }
    });

    it('stops an infinite loop: exit 124, "Timeout", partial output kept, nothing survives', async () => {
      const m = mark();
      const r = await run(
        `import subprocess\nsubprocess.Popen(['sleep', '${m}'])\nprint('before the loop', flush=True)\nwhile True:\n    pass`,
        3000,
      );
      expect(r.exitCode).toBe(124);
      expect(r.timedOut).toBe(true);
      expect(r.stateLost).toBe(true);
      expect(r.output).toContain('before the loop');
      expect(r.output).toContain('Timeout');
      await waitFor(
        () => processesMatching(m).length === 0,
        5000,
        `a process of the timed-out block survived (sleep ${m})`,
      );
      expect((await run('print("fresh kernel")')).output).toBe('fresh kernel\n');
    });

    it('stops a detached grandchild at the end of the block', async () => {
      const [m1, m2] = [mark(), mark()];
      const r = await run(
        `import os, subprocess\nsubprocess.Popen(['sleep', '${m1}'], start_new_session=True)\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp('sleep', ['sleep', '${m2}'])\n    os._exit(0)\nos.wait()\nprint('spawned')`,
      );
      expect(r.exitCode).toBe(0);
      expect(r.warnings.join(' ')).toMatch(/stopped \d+ background process/);
      await waitFor(
        () => processesMatching(m1).length + processesMatching(m2).length === 0,
        5000,
        'a detached grandchild survived',
      );
    });

    it('contains a memory bomb under the limit and recovers', async () => {
      const r = await run('blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))', 20_000);
      expect(r.exitCode).not.toBe(0);
      expect(r.output).toMatch(sut.memoryFailure);
      expect((await run('print(6 * 7)')).output).toBe('42\n');
    });

    it('caps 200 MB of output to head + tail with a notice', async () => {
      let streamed = 0;
      const r = await session.run(
        'python',
        "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(200 * 1024):\n    sys.stdout.write(line)\nprint('THE END')",
        {
          onOutput: (t) => (streamed += t.length),
          timeoutMs: 60_000,
        },
      );
      expect(r.exitCode).toBe(0);
      expect(r.omittedBytes).toBeGreaterThan(200 * 1024 * 1024 - 200_000);
      expect(r.output.length).toBeLessThan(session.limits.maxOutputBytes + 200);
      expect(r.output).toMatch(/… \d+ bytes omitted …/);
      expect(r.output.endsWith('THE END\n')).toBe(true);
      expect(streamed).toBeLessThanOrEqual(session.limits.maxOutputBytes);
    });

    isolatedIt('survives a process flood (fork bomb) under the process limit', async () => {
      const r = await run(
        'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass',
        4000,
      );
      expect(r.exitCode).toBe(124);
      expect(r.output).toContain('Timeout');
      const after = await run('import os\nprint(len([p for p in os.listdir("/proc") if p.isdigit()]) < 20)');
      expect(after.output).toBe('True\n');
    });

    it('cannot tamper with the input file; the original is untouched', async () => {
      const r = await run(
        `import os\nfor label, act in [('write', lambda: open('sales.csv', 'w').write('x')), ('append', lambda: open('sales.csv', 'a').write('x')), ('truncate', lambda: os.truncate('sales.csv', 0)), ('chmod', lambda: os.chmod('sales.csv', 0o666)), ('rename', lambda: os.rename('sales.csv', 'moved.csv')), ('unlink', lambda: os.unlink('sales.csv'))]:\n    try:\n        act(); print(label, 'succeeded')\n    except Exception as e:\n        print(label, type(e).__name__, e)`,
      );
      const copy = path.join(session.sandbox.workspace.dir, 'sales.csv');
      expect(await sha256File(copy)).toBe(originalSha);
      expect(await sha256File(SALES_CSV)).toBe(originalSha);
      if (sut.isolated) {
        expect(r.output).not.toContain('succeeded');
        expect(r.output).toMatch(/Read-only file system|Device or resource busy|Permission denied/);
      } else {
        expect(r.warnings.join(' ')).toMatch(/restored from your original/);
      }
    });

    it('refuses a `# filename:` path traversal, also through a planted symlink', async () => {
      const tag = randomBytes(4).toString('hex');
      const r = await run(`# filename: ../../pw-traverse-${tag}.py\nprint('ran')`);
      expect(r.exitCode).toBe(1);
      expect(r.output).toMatch(/refused `# filename: \.\.\/\.\.\/pw-traverse/);
      expect(r.output).not.toContain('ran');
      const outside = mkdtempSync(path.join(os.tmpdir(), 'pw-link-target-'));
      await run(`import os\nos.symlink(${JSON.stringify(outside)}, 'lnk')`);
      const viaLink = await run(`# filename: lnk/pw-${tag}.py\nprint('ran')`);
      expect(viaLink.exitCode).toBe(1);
      expect(viaLink.output).toContain('must stay inside the workspace');
      expect(existsSync(path.join(outside, `pw-${tag}.py`))).toBe(false);
      rmSync(outside, { recursive: true, force: true });
    });

    it('replaces invalid UTF-8 instead of failing', async () => {
      const r = await run(
        "import sys\nsys.stdout.buffer.write(b'before \\xff\\xfe\\xc3 after\\n')\nsys.stdout.flush()\nprint('ok')",
      );
      expect(r.exitCode).toBe(0);
      expect(r.output).toContain('before \uFFFD\uFFFD\uFFFD after');
      expect(r.output).toContain('ok');
    });

    isolatedIt('cannot kill its parent or the app', async () => {
      await run(
        `import os, signal\nfor pid in (${process.pid}, os.getppid()):\n    try:\n        os.kill(pid, signal.SIGKILL); print(pid, 'signalled')\n    except Exception as e:\n        print(pid, type(e).__name__)`,
      );
      expect(process.kill(process.pid, 0)).toBe(true); // still here
      expect((await run('print("still serving")')).output).toBe('still serving\n');
    });

    it('reads EOF from stdin instead of hanging', async () => {
      const r = await run(
        "import sys, subprocess\nprint(repr(sys.stdin.read()))\nprint(subprocess.run(['cat'], capture_output=True, timeout=10).returncode)\ninput('prompt? ')",
      );
      expect(r.exitCode).toBe(1);
      expect(r.output).toContain("''\n0\n");
      expect(r.output).toContain('EOFError');
    });

    it('every result says what is not isolated', async () => {
      const r = await run('pass');
      if (sut.isolated && session.mode === 'docker') expect(r.warnings).toEqual([]);
      else expect(r.warnings.join(' ')).toMatch(sut.isolated ? /not Docker/ : /network access.*your files/);
    });

    it('leaves no kernel process (or container) behind after close', async () => {
      const ws = session.sandbox.workspace.dir;
      const container = session.sandbox instanceof DockerSandbox ? session.sandbox.container : null;
      await session.close();
      await waitFor(() => processesMatching(ws).length === 0, 5000, 'a kernel process outlived its session');
      if (container) await expect(container.inspect()).rejects.toThrow(/no such container/i);
    });
  });
}
