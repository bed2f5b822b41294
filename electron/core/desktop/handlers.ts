/**
 * Every invoke channel of the contract, implemented over the core services, one factory per
 * feature (*-handlers.ts). The Electron main process registers each feature's handlers in its
 * setupX (electron/main/setup/*); the end-to-end test bridge serves all of them to a browser
 * page: one implementation, two transports.
 */
import type { Handlers } from '../../shared/contract';
import { appHandlers } from './app-handlers';
import { conversationsHandlers } from './conversations-handlers';
import { exportsHandlers } from './exports-handlers';
import { filesHandlers } from './files-handlers';
import { linksHandlers } from './links-handlers';
import { modelsHandlers } from './models-handlers';
import type { DesktopPorts } from './ports';
import { sandboxHandlers } from './sandbox-handlers';
import { secretsHandlers } from './secrets-handlers';
import { createDesktopServices, openExternalFile, shutdownServices } from './services';
import { settingsHandlers } from './settings-handlers';

/** Each feature's handler factory; together they serve every channel of the contract once. */
export const FEATURES = {
  app: appHandlers,
  files: filesHandlers,
  conversations: conversationsHandlers,
  settings: settingsHandlers,
  secrets: secretsHandlers,
  models: modelsHandlers,
  sandbox: sandboxHandlers,
  exports: exportsHandlers,
  links: linksHandlers,
} as const;

export interface DesktopApp extends Handlers {
  /** A file opened from outside the window (double-click, argv): a new conversation on it. */
  openExternalFile(file: string): Promise<string>;
  shutdown(): Promise<void>;
}

/** All the features' handlers over one set of services (the test bridge and the integration tests). */
export async function createHandlers(ports: DesktopPorts): Promise<DesktopApp> {
  const s = createDesktopServices(ports);
  return {
    ...FEATURES.app(s),
    ...FEATURES.files(s),
    ...FEATURES.conversations(s),
    ...FEATURES.settings(s),
    ...FEATURES.secrets(s),
    ...FEATURES.models(s),
    ...FEATURES.sandbox(s),
    ...FEATURES.exports(s),
    ...FEATURES.links(s),
    openExternalFile: (file) => openExternalFile(s, file),
    shutdown: () => shutdownServices(s),
  };
}
