/**
 * The Electron main process: lifecycle, single instance, files opened from outside, and one
 * setupX() per feature registering its handlers (electron/core/desktop/*-handlers.ts) over the
 * shared desktop services.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { createDesktopServices, openExternalFile, shutdownServices } from './core/desktop/services';
import { createEventSink, createSenderCheck } from './main/ipc';
import { configurePaths, shutdownBeforeQuit } from './main/lifecycle';
import { dataFilesFromArgv, FileOpenQueue, listenForOpenRequests } from './main/open-files';
import { createDesktopPorts } from './main/ports';
import { setupApp } from './main/setup/app';
import { setupConversations } from './main/setup/conversations';
import { setupExports } from './main/setup/exports';
import { setupFiles } from './main/setup/files';
import { setupLinks } from './main/setup/links';
import { setupModels } from './main/setup/models';
import { setupSandbox } from './main/setup/sandbox';
import { setupSecrets } from './main/setup/secrets';
import { setupSettings } from './main/setup/settings';
import { appIndexUrl, createMainWindow } from './main/window';
import { oneLine } from './model/text/one-line';

configurePaths(app);

const here = path.dirname(fileURLToPath(import.meta.url));
const appUrl = appIndexUrl(app.getAppPath(), process.env.PLOTWRIGHT_DEV_URL);
const events = createEventSink();
const opened = new FileOpenQueue(events);
let mainWindow: BrowserWindow | null = null;

function openWindow(onLoaded?: () => void): void {
  mainWindow = createMainWindow({ url: appUrl, preload: path.join(here, 'preload.cjs') });
  mainWindow.on('closed', () => (mainWindow = null));
  if (onLoaded) mainWindow.webContents.once('did-finish-load', onLoaded);
}

function focusWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) return openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  const services = createDesktopServices(createDesktopPorts(events, () => mainWindow));
  const ctx = { ipcMain, services, isTrustedSender: createSenderCheck(appUrl) };
  setupApp(ctx);
  setupFiles(ctx);
  setupConversations(ctx);
  setupSettings(ctx);
  setupSecrets(ctx);
  setupModels(ctx);
  setupSandbox(ctx);
  setupExports(ctx);
  setupLinks(ctx);
  openWindow(() => opened.start((file) => openExternalFile(services, file)));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  shutdownBeforeQuit(app, () => shutdownServices(services));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  listenForOpenRequests(app, opened, focusWindow);
  opened.add(dataFilesFromArgv(process.argv));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Plotwright could not start', oneLine(error));
      app.exit(1);
    });
}
