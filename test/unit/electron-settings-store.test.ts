import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ElectronSettingsStore } from '../../electron/main/settings-store';
import { DEFAULT_APP_SETTINGS, SETTINGS_VERSION, type Settings } from '../../electron/model/settings';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());
// electron-store is a thin layer over `conf` that asks Electron for its folder; node_modules are not
// transformed by Vitest, so its own `import electron` cannot be faked: stand it in with conf itself.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class FakeElectronStore extends Conf<Record<string, unknown>> {
    constructor({ name, ...options }: { name?: string; cwd?: string } & Record<string, unknown>) {
      super({ ...options, configName: name ?? 'config', projectName: 'plotwright-test' });
    }
  }
  return { default: FakeElectronStore };
});

let dir: string;
const file = () => path.join(dir, 'settings.json');
const onDisk = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings store (Electron faked)', () => {
  it('settings store (Electron faked): a v1 file is migrated and written back as the current version', () => {
    writeFileSync(
      file(),
      JSON.stringify({ timeoutMs: 30_000, executionMode: 'docker', theme: 'dark', maxTurns: 7 }),
    );
    const store = new ElectronSettingsStore({ cwd: dir });
    expect(store.path).toBe(file());
    const expected: Settings = {
      ...DEFAULT_APP_SETTINGS,
      version: SETTINGS_VERSION,
      timeoutSeconds: 30,
      securityMode: 'docker',
      theme: 'dark',
      maxTurns: 7,
    };
    expect(onDisk()).toEqual(expected);
    expect(store.read()).toEqual(expected);
    expect(onDisk()).not.toHaveProperty('timeoutMs');
    expect(onDisk()).not.toHaveProperty('executionMode');
  });

  it('settings store (Electron faked): v1 "execution off" becomes the off security mode', () => {
    writeFileSync(file(), JSON.stringify({ executionMode: 'local', executionOff: true }));
    new ElectronSettingsStore({ cwd: dir });
    expect(onDisk()).toMatchObject({ version: SETTINGS_VERSION, securityMode: 'off' });
  });

  it('settings store (Electron faked): v2 "never ask" (the old, never-confirmed default) asks again in v3', () => {
    writeFileSync(
      file(),
      JSON.stringify({ ...DEFAULT_APP_SETTINGS, version: 2, approval: 'never', diskMb: undefined }),
    );
    new ElectronSettingsStore({ cwd: dir });
    expect(onDisk()).toMatchObject({ version: 3, approval: 'unsandboxed', diskMb: 1024 });
    writeFileSync(file(), JSON.stringify({ ...DEFAULT_APP_SETTINGS, version: 2, approval: 'always' }));
    new ElectronSettingsStore({ cwd: dir });
    expect(onDisk()).toMatchObject({ version: 3, approval: 'always' });
  });

  it('settings store (Electron faked): no file means the defaults, written once', () => {
    const store = new ElectronSettingsStore({ cwd: dir });
    expect(store.read()).toEqual(DEFAULT_APP_SETTINGS);
    expect(onDisk()).toEqual(DEFAULT_APP_SETTINGS);
    expect(store.problems).toEqual([]);
  });

  it('settings store (Electron faked): invalid fields go back to their defaults, a broken file starts over', () => {
    writeFileSync(file(), JSON.stringify({ ...DEFAULT_APP_SETTINGS, memoryMb: -1, theme: 'neon' }));
    const store = new ElectronSettingsStore({ cwd: dir });
    expect(onDisk()).toEqual(DEFAULT_APP_SETTINGS);
    expect(store.problems).toHaveLength(2);
    writeFileSync(file(), '{ not json');
    expect(new ElectronSettingsStore({ cwd: dir }).read()).toEqual(DEFAULT_APP_SETTINGS);
  });

  it('settings store (Electron faked): write persists valid settings and refuses invalid ones', () => {
    const store = new ElectronSettingsStore({ cwd: dir });
    store.write({ ...DEFAULT_APP_SETTINGS, approval: 'always' });
    expect(new ElectronSettingsStore({ cwd: dir }).read()).toMatchObject({ approval: 'always' });
    expect(() => store.write({ ...DEFAULT_APP_SETTINGS, timeoutSeconds: 0 })).toThrow();
    expect(onDisk()).toMatchObject({ approval: 'always', timeoutSeconds: 60 });
  });
});
