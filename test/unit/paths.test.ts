// appDataDir per platform and environment; stampedName's format and uniqueness.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_NAME, appDataDir, stampedName } from '../../electron/core/paths';

describe('appDataDir', () => {
  it('prefers PLOTWRIGHT_DATA_DIR on every platform, resolved to an absolute path', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(appDataDir({ PLOTWRIGHT_DATA_DIR: '/data/pw', HOME: '/home/u', APPDATA: 'X' }, platform)).toBe(
        path.resolve('/data/pw'),
      );
    }
    expect(appDataDir({ PLOTWRIGHT_DATA_DIR: 'rel/dir' }, 'linux')).toBe(path.resolve('rel/dir'));
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(appDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(
      path.join('/xdg', APP_NAME),
    );
    expect(appDataDir({ HOME: '/home/u' }, 'linux')).toBe(path.join('/home/u', '.config', 'Plotwright'));
    expect(appDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: '' }, 'linux')).toBe('/home/u/.config/Plotwright');
    // the XDG spec: a relative path is invalid and ignored
    expect(appDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: 'rel/xdg' }, 'linux')).toBe(
      '/home/u/.config/Plotwright',
    );
  });

  it('uses ~/Library/Application Support on macOS, ignoring XDG_CONFIG_HOME', () => {
    expect(appDataDir({ HOME: '/Users/u', XDG_CONFIG_HOME: '/xdg' }, 'darwin')).toBe(
      path.join('/Users/u', 'Library', 'Application Support', 'Plotwright'),
    );
  });

  it('uses APPDATA on Windows, else HOME/AppData/Roaming', () => {
    expect(appDataDir({ APPDATA: '/win/roaming', HOME: '/home/u' }, 'win32')).toBe(
      path.join('/win/roaming', 'Plotwright'),
    );
    expect(appDataDir({ HOME: '/home/u' }, 'win32')).toBe(
      path.join('/home/u', 'AppData', 'Roaming', 'Plotwright'),
    );
  });

  it('falls back to os.homedir() without HOME', () => {
    expect(appDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'Plotwright'));
    expect(appDataDir({}, 'darwin')).toBe(
      path.join(os.homedir(), 'Library', 'Application Support', 'Plotwright'),
    );
  });
});

describe('stampedName', () => {
  afterEach(() => vi.useRealTimers());

  it('is prefix + UTC time to the second + six random characters', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T09:15:02.345Z'));
    const name = stampedName('run-');
    expect(name).toMatch(/^run-2026-11-26T09-15-02-[a-z0-9]{6}$/);
    expect(stampedName('')).toMatch(/^2026-11-26T09-15-02-[a-z0-9]{6}$/);
  });

  it('has no characters that are unsafe in file names', () => {
    expect(stampedName('x')).toMatch(/^x\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-[a-z0-9]{6}$/);
    expect(stampedName('x')).not.toMatch(/[:.\\/ ]/);
  });

  it('gives different names within the same second', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T09:15:02.000Z'));
    const names = new Set(Array.from({ length: 200 }, () => stampedName('c-')));
    expect(names.size).toBe(200);
  });
});
