import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Plotwright';

/**
 * The app's data directory, the same folder Electron's `app.getPath('userData')` gives,
 * so the CLI and the desktop app share conversations and workspaces.
 * PLOTWRIGHT_DATA_DIR overrides it (tests, portable installs).
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PLOTWRIGHT_DATA_DIR) return path.resolve(env.PLOTWRIGHT_DATA_DIR);
  const home = env.HOME || os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
  // XDG: a relative XDG_CONFIG_HOME is invalid and ignored.
  const xdg =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(xdg, APP_NAME);
}

/** A new, unique folder name: 2026-11-26T09-15-02-abc123 */
export function stampedName(prefix: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, '');
  return `${prefix}${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
