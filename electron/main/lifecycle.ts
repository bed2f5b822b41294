/** Small pieces of the main process's lifecycle, kept out of main.ts so they can be tested. */
import path from 'node:path';
import type { App } from 'electron';
import { appDataDir } from '../core/paths';

/**
 * One data folder for the app and the CLI (PLOTWRIGHT_DATA_DIR overrides it), and where the
 * sandbox resources are: electron-builder puts resources/sandbox at <resources>/sandbox, so
 * PLOTWRIGHT_RESOURCES_DIR is the folder containing `sandbox`; the repo's resources/ in dev.
 */
export function configurePaths(
  app: Pick<App, 'setPath' | 'isPackaged' | 'getAppPath'>,
  env: NodeJS.ProcessEnv = process.env,
  resourcesPath: string = process.resourcesPath,
): void {
  app.setPath('userData', appDataDir(env));
  env.PLOTWRIGHT_RESOURCES_DIR = app.isPackaged
    ? `${resourcesPath}/`
    : path.join(app.getAppPath(), 'resources');
}

/** Before quitting, stop what runs (conversations, sandboxes); give up after `timeoutMs`. */
export function shutdownBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  shutdown: () => Promise<void>,
  timeoutMs = 5000,
): void {
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([shutdown().catch(() => undefined), timeout]).finally(() => app.quit());
  });
}
