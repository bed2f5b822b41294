import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An interpreter that can run the analysis (it has pandas). */
export interface PythonInfo {
  executable: string;
  version: string;
  pandas: string;
  numpy: string | null;
  matplotlib: string | null;
  /** Directories the interpreter needs at run time (for the sandbox's read-only binds). */
  roots: string[];
}

export interface PythonCandidate {
  command: string;
  status: 'ok' | 'no-pandas' | 'broken' | 'missing';
  detail: string;
}

export interface PythonDiscovery {
  chosen: PythonInfo | null;
  candidates: PythonCandidate[];
}

export class PythonNotFoundError extends Error {
  constructor(readonly candidates: PythonCandidate[]) {
    super(
      `no Python with pandas found (tried ${candidates.map((c) => `${c.command}: ${c.detail}`).join('; ') || 'nothing'})`,
    );
    this.name = 'PythonNotFoundError';
  }
  readonly hint = pythonHint();
}

export function pythonHint(): string {
  if (process.platform === 'linux')
    return 'install it: sudo apt install python3-pandas python3-matplotlib (or set PLOTWRIGHT_PYTHON to an interpreter that has pandas)';
  if (process.platform === 'darwin')
    return 'install it: brew install python && python3 -m pip install pandas matplotlib (or set PLOTWRIGHT_PYTHON)';
  return 'install Python from python.org, then: py -m pip install pandas matplotlib (or set PLOTWRIGHT_PYTHON)';
}

const PROBE = `
import json, os, sys
info = {"executable": os.path.realpath(sys.executable), "version": sys.version.split()[0],
        "roots": sorted({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})}
for name in ("pandas", "numpy", "matplotlib"):
    try:
        mod = __import__(name)
        info[name] = mod.__version__
        info["roots"].append(os.path.dirname(os.path.dirname(os.path.realpath(mod.__file__))))
    except Exception as exc:
        info[name] = None
        info[name + "_error"] = "%s: %s" % (type(exc).__name__, exc)
print(json.dumps(info))
`;
import { oneLine } from '../../../model/text/one-line';

/** Interpreters to try, in order: configured, PLOTWRIGHT_PYTHON, every python3/python on PATH, usual places. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env, configured?: string): string[] {
  const names = process.platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3', 'python'];
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((n) => path.join(dir, n)));
  const home = os.homedir();
  const usual =
    process.platform === 'win32'
      ? [path.join(env.LOCALAPPDATA ?? '', 'Programs', 'Python', 'Python312', 'python.exe')]
      : [
          '/usr/bin/python3',
          '/usr/local/bin/python3',
          '/opt/homebrew/bin/python3',
          '/opt/local/bin/python3',
          '/Library/Frameworks/Python.framework/Versions/Current/bin/python3',
          path.join(home, 'miniconda3', 'bin', 'python'),
          path.join(home, 'anaconda3', 'bin', 'python'),
          '/opt/conda/bin/python',
        ];
  const all = [configured, env.PLOTWRIGHT_PYTHON, ...onPath, ...usual].filter((c): c is string => !!c);
  return [...new Set(all)];
}

function probe(command: string, env: NodeJS.ProcessEnv): Promise<PythonCandidate & { info?: PythonInfo }> {
  if (path.isAbsolute(command) && !existsSync(command)) {
    return Promise.resolve({ command, status: 'missing', detail: 'not found' });
  }
  return new Promise((resolve) => {
    const probeEnv = { PATH: env.PATH ?? '', PYTHONNOUSERSITE: '1', MPLBACKEND: 'Agg', HOME: os.tmpdir() };
    execFile(command, ['-I', '-c', PROBE], { timeout: 30_000, env: probeEnv }, (err, stdout) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({
          command,
          status: code === 'ENOENT' ? 'missing' : 'broken',
          detail: code === 'ENOENT' ? 'not found' : oneLine(err),
        });
        return;
      }
      try {
        const raw = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string | string[] | null>;
        if (!raw.pandas) {
          resolve({ command, status: 'no-pandas', detail: `Python ${raw.version} without pandas` });
          return;
        }
        const info: PythonInfo = {
          executable: raw.executable as string,
          version: raw.version as string,
          pandas: raw.pandas as string,
          numpy: (raw.numpy as string) ?? null,
          matplotlib: (raw.matplotlib as string) ?? null,
          roots: [...new Set(raw.roots as string[])],
        };
        resolve({ command, status: 'ok', detail: `Python ${info.version}, pandas ${info.pandas}`, info });
      } catch {
        resolve({ command, status: 'broken', detail: 'did not answer the probe' });
      }
    });
  });
}

let cached: Promise<PythonDiscovery> | null = null;

/**
 * Finds an interpreter with pandas. The first `python3` on PATH may not have it (a pyenv
 * or venv build), so every candidate is probed and the first with pandas wins.
 */
export function discoverPython(
  options: { configured?: string; env?: NodeJS.ProcessEnv; fresh?: boolean } = {},
): Promise<PythonDiscovery> {
  if (cached && !options.fresh && !options.configured && !options.env) return cached;
  const run = (async () => {
    const env = options.env ?? process.env;
    const candidates: PythonCandidate[] = [];
    for (const command of pythonCandidates(env, options.configured)) {
      const result = await probe(command, env);
      if (
        result.status === 'missing' &&
        !(command === options.configured || command === env.PLOTWRIGHT_PYTHON)
      )
        continue;
      const { info, ...candidate } = result;
      candidates.push(candidate);
      if (info) return { chosen: info, candidates };
    }
    return { chosen: null, candidates };
  })();
  if (!options.configured && !options.env) cached = run;
  return run;
}

export async function requirePython(options: Parameters<typeof discoverPython>[0] = {}): Promise<PythonInfo> {
  const found = await discoverPython(options);
  if (!found.chosen) throw new PythonNotFoundError(found.candidates);
  return found.chosen;
}
