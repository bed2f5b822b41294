// The real `plotwright` command line, spawned as a process: arguments, exit statuses and output formats.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const salesCsv = path.resolve(root, '../shared/datasets/sales.csv');
const USAGE_LINE = /^usage: plotwright exec /m;

let tmp: string;
let dataDir: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-cli-'));
  dataDir = path.join(tmp, 'data');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `plotwright ARGS` (optionally wrapped, e.g. in bwrap) and collects everything. */
function cli(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; wrap?: string[] } = {},
): Promise<Run> {
  const env = opts.env ?? { ...process.env, PLOTWRIGHT_DATA_DIR: dataDir };
  const command = [...(opts.wrap ?? []), process.execPath, 'bin/plotwright.mjs', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('plotwright', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['exec', 'extract', 'doctor']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  it('exits 2 without a command, and on an unknown one', async () => {
    const none = await cli([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/^usage: plotwright <command>/);
    const unknown = await cli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(
      'plotwright: unknown command frobnicate (run `plotwright --help` for the list)\n',
    );
  });

  it('extract --json lists the blocks of a message', async () => {
    const message =
      'Let me look:\n\n```python\nprint(1)\n```\n\n```json\n{"a": 1}\n```\n\n```sh\necho hi\n```\n';
    const r = await cli(['extract', '--json'], { input: message });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { language: 'python', code: 'print(1)', runnable: true },
      { language: 'json', code: '{"a": 1}', runnable: false },
      { language: 'sh', code: 'echo hi', runnable: true },
    ]);
  });

  it('doctor --json reports every check and exits 0 here', async () => {
    const r = await cli(['doctor', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      checks: { name: string; status: string }[];
      autoMode: string;
      isolation: Record<
        'docker' | 'local',
        { verified: boolean; checks: { name: string; passed: boolean }[] }
      >;
    };
    expect(report.checks.map((c) => c.name)).toEqual([
      'Docker engine',
      'Sandbox image',
      'Python and pandas',
      'bubblewrap',
      'OS keychain',
      'Isolation (docker)',
      'Isolation (local)',
    ]);
    // what the probe observed inside each sandbox: every check by name, passed or not
    for (const mode of ['docker', 'local'] as const) {
      expect(report.isolation[mode].verified).toBe(true);
      expect(report.isolation[mode].checks.length).toBe(11);
      for (const c of report.isolation[mode].checks) expect(c).toMatchObject({ passed: true });
      expect(report.isolation[mode].checks.map((c) => c.name)).toContain('network');
    }
    for (const c of report.checks) expect(['ok', 'warn', 'fail']).toContain(c.status);
    expect(report.checks.find((c) => c.name === 'Python and pandas')!.status).toBe('ok');
    expect(['docker', 'local']).toContain(report.autoMode);
  });
});

describe('plotwright exec', () => {
  it('runs stdin in the local sandbox and prints the AutoGen result', async () => {
    const r = await cli(['exec', '--mode', 'local'], { input: 'print("hello", 6 * 7)\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('exitcode: 0 (execution succeeded)\nCode output: hello 42\n');
    expect(r.stderr).toMatch(/^warning: Local sandbox \(bubblewrap [\d.]+\), not Docker/);
    // without --workdir the workspace is a new folder under the data directory
    expect(readdirSync(path.join(dataDir, 'exec')).length).toBeGreaterThan(0);
  });

  it('--json prints exactly the documented fields', async () => {
    const code = file('sum.py', "import pandas as pd\nprint(pd.read_csv('sales.csv').revenue.sum())\n");
    const r = await cli([
      'exec',
      '--json',
      '--mode',
      'local',
      '--input',
      '../shared/datasets/sales.csv',
      code,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'exitCode',
      'output',
      'timedOut',
      'mode',
      'isolation',
      'warnings',
      'artifacts',
      'charts',
      'durationMs',
    ]);
    expect(json).toMatchObject({ exitCode: 0, timedOut: false, mode: 'local', artifacts: [], charts: [] });
    expect(json.output).toBe('91100\n');
    expect(json.isolation).toMatchObject({ verified: true, runner: expect.stringMatching(/^bubblewrap /) });
    expect((json.isolation as { checks: unknown[] }).checks).toHaveLength(11);
    expect(readFileSync(salesCsv, 'utf8')).toContain('North');
  });

  it('refuses to run code without a verified sandbox: exit 3, one line saying why and how', async () => {
    const env = { ...process.env, PLOTWRIGHT_DATA_DIR: dataDir, PLOTWRIGHT_LOCAL_SANDBOX: 'none' };
    const marker = path.join(tmp, `ran-${Date.now()}`);
    const code = `open(${JSON.stringify(marker)}, 'w').write('ran')\n`;
    const r = await cli(['exec', '--mode', 'local'], { input: code, env });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^plotwright exec: refusing to run code without a verified sandbox \(no OS sandbox: network, .*failed the isolation probe\)/,
    );
    expect(lines[0]).toContain('npm run sandbox:image');
    expect(lines[0]).toContain('bubblewrap');
    expect(lines[0]).toContain('--allow-unsandboxed');
    expect(existsSync(marker)).toBe(false);
  });

  it('--allow-unsandboxed runs it, and the result says what the probe saw', async () => {
    const env = { ...process.env, PLOTWRIGHT_DATA_DIR: dataDir, PLOTWRIGHT_LOCAL_SANDBOX: 'none' };
    const r = await cli(['exec', '--mode', 'local', '--allow-unsandboxed', '--json'], {
      input: 'print(6 * 7)\n',
      env,
    });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      output: string;
      isolation: { verified: boolean; runner: string; checks: { name: string; passed: boolean }[] };
      warnings: string[];
    };
    expect(json.output).toBe('42\n');
    expect(json.isolation).toMatchObject({ verified: false, runner: 'no OS sandbox' });
    expect(json.isolation.checks.find((c) => c.name === 'network')).toEqual({
      name: 'network',
      passed: false,
    });
    expect(json.warnings[0]).toMatch(/^Isolation NOT verified \(no OS sandbox\): network/);
  });

  it('shows hidden characters in the code output instead of passing them to the terminal', async () => {
    const r = await cli(['exec', '--mode', 'local'], {
      input: 'print("total \\u202e1 esc \\x1b[2J end")\n',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('\\u202e');
    expect(r.stdout).toContain('\\x1b');
  });

  it("exits 0 when the code fails, reporting the code's own exit code", async () => {
    const r = await cli(['exec', '--mode', 'local'], { input: 'import sys\nprint("bye")\nsys.exit(3)\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('exitcode: 3 (execution failed)\nCode output: bye\n');
  });

  it('stops a block at --timeout with exit code 124', async () => {
    const r = await cli(['exec', '--json', '--mode', 'local', '--timeout', '2'], {
      input: 'print("start", flush=True)\nwhile True:\n    pass\n',
    });
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { exitCode: number; timedOut: boolean; output: string };
    expect(json.exitCode).toBe(124);
    expect(json.timedOut).toBe(true);
    expect(json.output).toContain('start\n');
    expect(json.output).toContain('Timeout: the block ran longer than 2 s');
  });

  it('runs shell code with --lang sh', async () => {
    const r = await cli(['exec', '--mode', 'local', '--lang', 'sh'], { input: 'echo hi; exit 4\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('exitcode: 4 (execution failed)\nCode output: hi\n');
  });

  it.each([
    [['--mode', 'foo'], '--mode must be one of auto, docker, local'],
    [['--timeout', '-1'], '--timeout'],
    [['--timeout=-1'], '--timeout must be a positive number of seconds'],
    [['--timeout', 'abc'], '--timeout must be a positive number of seconds'],
    [['--memory-mb', 'x'], '--memory-mb must be a whole number of at least 64'],
    [['--lang', 'ruby'], '--lang must be python or sh'],
    [['--frob'], "Unknown option '--frob'"],
    [['a.py', 'b.py'], 'expected at most one FILE, got 2'],
  ])('exits 2 with a usage line on %j', async (args, message) => {
    const r = await cli(['exec', ...args], { input: 'print(1)\n' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^plotwright exec: /);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toMatch(USAGE_LINE);
  });

  it('exits 1 with one line when --input does not exist', async () => {
    const missing = path.join(tmp, 'no-such.csv');
    const r = await cli(['exec', '--mode', 'local', '--input', missing], { input: 'print(1)\n' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`plotwright exec: cannot read ${missing}: no such file\n`);
  });

  it('exits 1 with one line when the code file does not exist', async () => {
    const r = await cli(['exec', '--mode', 'local', path.join(tmp, 'nope.py')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`plotwright exec: cannot read ${path.join(tmp, 'nope.py')}: no such file\n`);
  });

  it('leaves artifacts in --workdir and names them on stderr', async () => {
    const workdir = path.join(tmp, 'work');
    const r = await cli(['exec', '--mode', 'local', '--workdir', workdir], {
      input: "import pandas as pd\npd.DataFrame({'a': [1, 2]}).to_csv('out.csv', index=False)\n",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('exitcode: 0 (execution succeeded)\nCode output: \n');
    const out = path.join(workdir, 'out.csv');
    expect(r.stderr).toContain(`artifact: ${out} (`);
    expect(readFileSync(out, 'utf8')).toBe('a\n1\n2\n');
  });

  it('exits 3 when Docker mode is unavailable', async () => {
    // An explicit DOCKER_HOST is the only engine tried (like the docker CLI), even though
    // /var/run/docker.sock answers on this machine.
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PLOTWRIGHT_DATA_DIR: dataDir,
      DOCKER_HOST: 'unix:///nonexistent.sock',
      HOME: home,
    };
    for (const name of ['XDG_RUNTIME_DIR', 'DOCKER_CONTEXT', 'DOCKER_CONFIG']) delete env[name];
    const r = await cli(['exec', '--mode', 'docker'], { input: 'print(1)\n', env });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^plotwright exec: docker mode is unavailable: Docker is not available \(no Docker engine found \(tried \/nonexistent\.sock\)\)/,
    );
    expect(r.stderr).toContain('(fix: ');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 3 when no Python with pandas is found for local mode', async () => {
    const pandasDir = execFileSync(
      '/usr/bin/python3',
      ['-I', '-c', 'import os, pandas; print(os.path.dirname(pandas.__file__))'],
      {
        encoding: 'utf8',
      },
    ).trim();
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PLOTWRIGHT_DATA_DIR: dataDir,
      PATH: '/usr/bin:/bin',
      HOME: home,
    };
    delete env.PLOTWRIGHT_PYTHON;
    const r = await cli(['exec', '--mode', 'local'], {
      input: 'print(1)\n',
      env,
      wrap: ['/usr/bin/bwrap', '--dev-bind', '/', '/', '--tmpfs', pandasDir, '--'],
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /^plotwright exec: local mode is unavailable: no Python with pandas found \(tried /,
    );
    expect(r.stderr).toContain('/usr/bin/python3: Python 3.');
    expect(r.stderr).toContain('(fix: install it');
  });
});
