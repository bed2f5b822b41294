// Python discovery with real interpreters: the first python3 on PATH may lack pandas and must be skipped.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discoverPython,
  PythonNotFoundError,
  pythonCandidates,
  requirePython,
} from '../../electron/core/exec/local/python';

const SYSTEM_PYTHON = '/usr/bin/python3';
let tmp: string;
let noPandasDir: string;

function lacksPandas(exe: string): boolean {
  try {
    execFileSync(exe, ['-I', '-c', 'import pandas'], { stdio: 'ignore', timeout: 30_000 });
    return false;
  } catch {
    return true;
  }
}

/** A real interpreter without pandas (the pyenv build behind the PATH's first python3), if there is one. */
function realNoPandasPython(): string | null {
  let exe: string;
  try {
    exe = execFileSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], {
      encoding: 'utf8',
      timeout: 30_000,
    }).trim();
  } catch {
    return null;
  }
  if (!exe || exe.startsWith('/usr/bin/')) return null;
  const head = readFileSync(exe).subarray(0, 4);
  if (head.toString('latin1') !== '\x7fELF') return null; // a shim script, not an interpreter
  return lacksPandas(exe) ? exe : null;
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-pydisc-'));
  noPandasDir = path.join(tmp, 'bin');
  mkdirSync(noPandasDir);
  const target = path.join(noPandasDir, 'python3');
  const real = realNoPandasPython();
  if (real) {
    symlinkSync(real, target);
  } else {
    // The system interpreter with pandas made unimportable: runs the probe's -c code as given.
    writeFileSync(
      target,
      `#!/bin/sh\nexec ${SYSTEM_PYTHON} -I -c 'import sys; sys.modules["pandas"] = None; exec(sys.argv[-1])' "$@"\n`,
    );
    chmodSync(target, 0o755);
  }
  expect(lacksPandas(target)).toBe(true);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pythonCandidates', () => {
  it('orders configured, PLOTWRIGHT_PYTHON, PATH entries, then usual places, without duplicates', () => {
    const env = {
      PATH: `/a/bin${path.delimiter}/b/bin${path.delimiter}/usr/bin`,
      PLOTWRIGHT_PYTHON: '/env/py',
    };
    const list = pythonCandidates(env, '/conf/py');
    expect(list.slice(0, 8)).toEqual([
      '/conf/py',
      '/env/py',
      '/a/bin/python3',
      '/a/bin/python',
      '/b/bin/python3',
      '/b/bin/python',
      '/usr/bin/python3',
      '/usr/bin/python',
    ]);
    expect(list).toContain('/usr/local/bin/python3');
    expect(list).toContain(path.join(os.homedir(), 'miniconda3', 'bin', 'python'));
    expect(list.filter((c) => c === '/usr/bin/python3')).toHaveLength(1);
    expect(new Set(list).size).toBe(list.length);
  });

  it('skips empty PATH entries and unset settings', () => {
    const list = pythonCandidates({ PATH: `${path.delimiter}/x${path.delimiter}` });
    expect(list.slice(0, 3)).toEqual(['/x/python3', '/x/python', '/usr/bin/python3']);
    expect(pythonCandidates({}, '/same')).toEqual(pythonCandidates({ PLOTWRIGHT_PYTHON: '/same' }));
  });
});

describe('discoverPython', () => {
  it('skips a python3 without pandas and chooses the system interpreter', async () => {
    const found = await discoverPython({ env: { PATH: `${noPandasDir}:/usr/bin` } });
    const [first, second] = found.candidates;
    expect(first).toMatchObject({ command: path.join(noPandasDir, 'python3'), status: 'no-pandas' });
    expect(first!.detail).toMatch(/^Python 3\.\d+\.\d+ without pandas$/);
    expect(second).toMatchObject({ command: SYSTEM_PYTHON, status: 'ok' });
    expect(found.candidates).toHaveLength(2); // the missing tmp/python is not listed
    expect(found.chosen).not.toBeNull();
    const chosen = found.chosen!;
    expect(chosen.executable).toBe(realpathSync(SYSTEM_PYTHON));
    expect(chosen.executable).toMatch(/^\/usr\/bin\/python3(\.\d+)?$/);
    expect(chosen.pandas).toMatch(/^\d+\.\d+/);
    expect(chosen.version).toMatch(/^3\.\d+\.\d+$/);
    expect(second!.detail).toBe(`Python ${chosen.version}, pandas ${chosen.pandas}`);
    // pandas' site-packages is among the sandbox's read-only roots
    const pandasFile = execFileSync(SYSTEM_PYTHON, ['-I', '-c', 'import pandas; print(pandas.__file__)'], {
      encoding: 'utf8',
    }).trim();
    expect(chosen.roots).toContain(path.dirname(path.dirname(realpathSync(pandasFile))));
  });

  it('reports a configured interpreter that does not exist as missing, then keeps looking', async () => {
    const found = await discoverPython({ configured: '/nonexistent/python3', env: { PATH: '' } });
    expect(found.candidates[0]).toEqual({
      command: '/nonexistent/python3',
      status: 'missing',
      detail: 'not found',
    });
    expect(found.chosen?.executable).toBe(realpathSync(SYSTEM_PYTHON));
  });

  it('lists PLOTWRIGHT_PYTHON as missing too, but not missing PATH entries', async () => {
    const found = await discoverPython({
      env: { PATH: path.join(tmp, 'empty'), PLOTWRIGHT_PYTHON: path.join(tmp, 'nope') },
    });
    expect(found.candidates.map((c) => [c.command, c.status])).toEqual([
      [path.join(tmp, 'nope'), 'missing'],
      [SYSTEM_PYTHON, 'ok'],
    ]);
  });

  it('calls a file that is not an interpreter broken', async () => {
    const fake = path.join(tmp, 'fake-python');
    writeFileSync(fake, '#!/bin/sh\necho not json\n');
    chmodSync(fake, 0o755);
    const failing = path.join(tmp, 'failing-python');
    writeFileSync(failing, '#!/bin/sh\necho boom >&2\nexit 3\n');
    chmodSync(failing, 0o755);
    const a = await discoverPython({ configured: fake, env: { PATH: '' } });
    expect(a.candidates[0]).toEqual({ command: fake, status: 'broken', detail: 'did not answer the probe' });
    const b = await discoverPython({ configured: failing, env: { PATH: '' } });
    expect(b.candidates[0]).toMatchObject({ command: failing, status: 'broken' });
    expect(b.candidates[0]!.detail).toContain('Command failed');
  });
});

describe('requirePython', () => {
  it('returns the interpreter with pandas', async () => {
    const info = await requirePython({ env: { PATH: `${noPandasDir}:/usr/bin` } });
    expect(info.executable).toBe(realpathSync(SYSTEM_PYTHON));
    expect(info.numpy).toMatch(/^\d+\.\d+/);
    expect(info.matplotlib).toMatch(/^\d+\.\d+/);
  });

  it('PythonNotFoundError lists what was tried and carries a hint', () => {
    const err = new PythonNotFoundError([
      { command: '/nonexistent', status: 'missing', detail: 'not found' },
      { command: '/opt/py/bin/python3', status: 'no-pandas', detail: 'Python 3.12.1 without pandas' },
    ]);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PythonNotFoundError');
    expect(err.message).toBe(
      'no Python with pandas found (tried /nonexistent: not found; /opt/py/bin/python3: Python 3.12.1 without pandas)',
    );
    expect(err.hint).toMatch(/pandas/);
    expect(err.hint).toContain('PLOTWRIGHT_PYTHON');
    expect(new PythonNotFoundError([]).message).toBe('no Python with pandas found (tried nothing)');
  });
});
