import os from 'node:os';
import path from 'node:path';

/**
 * The environment of executed code is built from an allowlist: nothing from the app's
 * environment passes unless named here, so API keys, tokens, cloud credentials and
 * database URLs never reach the code. A denylist on names is a second, independent check.
 */
const PASS_THROUGH = ['LANG', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC', 'LC_TIME', 'TZ'];
const PASS_THROUGH_WINDOWS = [
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
];

const SECRET_NAME =
  /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|_DSN$|DATABASE_URL|^AWS_|^AZURE_|^GCP_|^GOOGLE_|^GH_|^GITHUB_|^OPENAI|^ANTHROPIC|^HF_|^HUGGING)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

export interface SandboxEnvOptions {
  /** HOME inside the sandbox (inside the workspace). */
  home: string;
  tmp: string;
  /** Directory holding the `plotwright` helper package. */
  helperDir: string;
  /** The interpreter's directory goes first on PATH. */
  pythonDir?: string;
  cpus?: number;
  /** Extra variables the user asked for; secret-looking names are still dropped. */
  extra?: Record<string, string>;
  source?: NodeJS.ProcessEnv;
}

export function buildSandboxEnv(options: SandboxEnvOptions): Record<string, string> {
  const source = options.source ?? process.env;
  const env: Record<string, string> = {};
  const names = process.platform === 'win32' ? [...PASS_THROUGH, ...PASS_THROUGH_WINDOWS] : PASS_THROUGH;
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  const systemPath = process.platform === 'win32' ? [] : ['/usr/local/bin', '/usr/bin', '/bin'];
  const threads = String(Math.max(1, Math.min(options.cpus ?? os.cpus().length, 4)));
  Object.assign(env, {
    PATH: [options.pythonDir, ...systemPath].filter(Boolean).join(path.delimiter),
    HOME: options.home,
    USERPROFILE: options.home,
    TMPDIR: options.tmp,
    TEMP: options.tmp,
    TMP: options.tmp,
    LANG: env.LANG ?? 'C.UTF-8',
    PYTHONPATH: options.helperDir,
    PYTHONNOUSERSITE: '1',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    MPLBACKEND: 'Agg',
    MPLCONFIGDIR: path.join(options.home, '.config', 'matplotlib'),
    OPENBLAS_NUM_THREADS: threads,
    OMP_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    MALLOC_ARENA_MAX: '2',
    PLOTWRIGHT: '1',
  });
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (!looksSecret(name)) env[name] = value;
  }
  return env;
}
