// The sandbox environment is built from an allowlist: nothing secret from the app's env reaches the code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSandboxEnv, looksSecret } from '../../electron/core/exec/local/env';

const SOURCE: NodeJS.ProcessEnv = {
  OPENAI_API_KEY: 'sk-test-openai',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  GITHUB_TOKEN: 'ghp_test',
  DATABASE_URL: 'postgres://u:p@db/x',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  FOO: 'bar',
  PATH: '/home/me/bin:/usr/bin',
  PYTHONPATH: '/home/me/evil',
  LD_PRELOAD: '/home/me/hook.so',
  HOME: '/home/me',
  LANG: 'de_DE.UTF-8',
  TZ: 'Europe/Berlin',
};

const base = {
  home: '/ws/.home',
  tmp: '/ws/.tmp',
  helperDir: '/app/resources/sandbox/python',
  pythonDir: '/opt/py/bin',
  cpus: 2,
  source: SOURCE,
};

describe('buildSandboxEnv', () => {
  const env = buildSandboxEnv(base);
  const secretValues = [
    'sk-test-openai',
    'aws-secret',
    'ghp_test',
    'postgres://u:p@db/x',
    '/tmp/ssh-agent.sock',
    'bar',
  ];

  it('passes nothing from the source environment except the allowlisted locale and time zone', () => {
    for (const name of [
      'OPENAI_API_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_TOKEN',
      'DATABASE_URL',
      'SSH_AUTH_SOCK',
      'FOO',
      'LD_PRELOAD',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
    expect(env.LANG).toBe('de_DE.UTF-8');
    expect(env.TZ).toBe('Europe/Berlin');
  });

  it('leaks no secret value under any name', () => {
    const values = Object.values(env);
    for (const secret of secretValues) expect(values).not.toContain(secret);
    expect(values.join('\n')).not.toContain('/home/me');
  });

  it('sets fixed values for home, temp, helper path and matplotlib', () => {
    expect(env.HOME).toBe('/ws/.home');
    expect(env.USERPROFILE).toBe('/ws/.home');
    expect(env.TMPDIR).toBe('/ws/.tmp');
    expect(env.TEMP).toBe('/ws/.tmp');
    expect(env.TMP).toBe('/ws/.tmp');
    expect(env.PYTHONPATH).toBe('/app/resources/sandbox/python');
    expect(env.PYTHONNOUSERSITE).toBe('1');
    expect(env.PYTHONUNBUFFERED).toBe('1');
    expect(env.MPLBACKEND).toBe('Agg');
    expect(env.MPLCONFIGDIR).toBe(path.join('/ws/.home', '.config', 'matplotlib'));
    expect(env.PLOTWRIGHT).toBe('1');
  });

  it('puts the interpreter directory first on a PATH that ignores the source PATH', () => {
    if (process.platform === 'win32') return;
    expect(env.PATH).toBe('/opt/py/bin:/usr/local/bin:/usr/bin:/bin');
    const noPython = buildSandboxEnv({ ...base, pythonDir: undefined });
    expect(noPython.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
  });

  it('caps BLAS threads between 1 and 4', () => {
    expect(buildSandboxEnv({ ...base, cpus: 16 }).OMP_NUM_THREADS).toBe('4');
    expect(buildSandboxEnv({ ...base, cpus: 0 }).OPENBLAS_NUM_THREADS).toBe('1');
    expect(buildSandboxEnv({ ...base, cpus: 3 }).MKL_NUM_THREADS).toBe('3');
  });

  it('defaults LANG to C.UTF-8 when the source has none', () => {
    const plain = buildSandboxEnv({ ...base, source: { FOO: 'bar' } });
    expect(plain.LANG).toBe('C.UTF-8');
    expect(plain).not.toHaveProperty('TZ');
    expect(plain).not.toHaveProperty('FOO');
  });

  it('keeps harmless extra variables and drops secret-looking ones', () => {
    const withExtra = buildSandboxEnv({
      ...base,
      extra: {
        MY_SETTING: 'on',
        DATA_YEAR: '2026',
        OPENAI_API_KEY: 'sk-extra',
        MY_PASSWORD: 'hunter2',
        SESSION_ID: 'abc',
        HF_HOME: '/hf',
      },
    });
    expect(withExtra.MY_SETTING).toBe('on');
    expect(withExtra.DATA_YEAR).toBe('2026');
    for (const name of ['OPENAI_API_KEY', 'MY_PASSWORD', 'SESSION_ID', 'HF_HOME']) {
      expect(withExtra, name).not.toHaveProperty(name);
    }
  });
});

describe('looksSecret', () => {
  it.each([
    'OPENAI_API_KEY',
    'openai_api_key',
    'AWS_ACCESS_KEY_ID',
    'AWS_REGION',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'DATABASE_URL',
    'SENTRY_DSN',
    'SSH_AUTH_SOCK',
    'DB_PASSWORD',
    'MYSQL_PWD',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'AZURE_CLIENT_ID',
    'GCP_PROJECT',
    'ANTHROPIC_BASE_URL',
    'HUGGINGFACE_HUB_CACHE',
    'HF_HOME',
    'SESSION_COOKIE',
    'PRIVATE_NOTE',
    'CLIENT_SECRET',
  ])('%s looks secret', (name) => {
    expect(looksSecret(name)).toBe(true);
  });

  it.each(['LANG', 'TZ', 'FOO', 'MY_SETTING', 'DATA_YEAR', 'PYTHONHASHSEED', 'COLUMNS'])(
    '%s does not look secret',
    (name) => {
      expect(looksSecret(name)).toBe(false);
    },
  );
});
