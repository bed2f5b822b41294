/**
 * Electron's implementations of the desktop ports: OS dialogs, the shell (open an export, show
 * one in its folder, open an http(s) link), PDF through printToPDF in a hidden JavaScript-less window, and the bundle of
 * all ports handed to createHandlers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, session, shell, type FileFilter } from 'electron';
import { DROPPABLE_EXTENSIONS } from '../core/desktop/files';
import type { DesktopPorts, Dialogs, EventSink, Shell } from '../core/desktop/ports';
import { REPORT_FORMATS, type ReportFormat } from '../model/report-formats';
import type { PdfRenderer } from '../core/report/pdf';
import { SafeStorageSecretStore } from './secrets';
import { ElectronSettingsStore } from './settings-store';
import { externalHttpUrl } from './window';

export const DATA_FILE_FILTERS: FileFilter[] = [
  { name: 'Data files (CSV, TSV)', extensions: DROPPABLE_EXTENSIONS.map((e) => e.slice(1)) },
  { name: 'All files', extensions: ['*'] },
];

export const SAVE_FILTERS = Object.fromEntries(
  REPORT_FORMATS.map((f) => [f.id, { name: f.label, extensions: [f.extension] }]),
) as Record<ReportFormat, FileFilter>;

export function electronDialogs(parent: () => BrowserWindow | null): Dialogs {
  return {
    async chooseDataFile() {
      const options = { properties: ['openFile' as const], filters: DATA_FILE_FILTERS };
      const win = parent();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveLocation(defaultName, format) {
      const options = {
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [SAVE_FILTERS[format]],
      };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}

export const electronShell: Shell = {
  async openPath(file) {
    const error = await shell.openPath(file);
    if (error) throw new Error(`could not open ${path.basename(file)}: ${error}`);
  },
  async showItemInFolder(file) {
    shell.showItemInFolder(file);
  },
  async openExternal(url) {
    const safe = externalHttpUrl(url);
    if (!safe) throw new Error('only http(s) links open in the browser');
    await shell.openExternal(safe);
  },
};

const PDF_PARTITION = 'plotwright-pdf';

/** printToPDF of the report in a hidden, sandboxed window with JavaScript off and no network. */
export function electronPdfRenderer(): PdfRenderer {
  return {
    async htmlToPdf(html) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'plotwright-pdf-'));
      const file = path.join(dir, 'report.html');
      const ses = session.fromPartition(PDF_PARTITION);
      // The report is self-contained (images are data: URLs): nothing else may load.
      ses.webRequest.onBeforeRequest((details, callback) =>
        callback({ cancel: !/^(file|data):/i.test(details.url) }),
      );
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          session: ses,
        },
      });
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      try {
        await writeFile(file, html, 'utf8');
        await win.loadFile(file);
        const pdf = await win.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
        });
        return Buffer.from(pdf);
      } finally {
        if (!win.isDestroyed()) win.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export function createDesktopPorts(
  events: EventSink,
  parent: () => BrowserWindow | null = () =>
    BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null,
): DesktopPorts {
  const dataDir = app.getPath('userData');
  return {
    dialogs: electronDialogs(parent),
    shell: electronShell,
    secrets: new SafeStorageSecretStore({ dir: dataDir }),
    settings: new ElectronSettingsStore(),
    events,
    pdf: electronPdfRenderer(),
    dataDir,
    appVersion: app.getVersion(),
  };
}
