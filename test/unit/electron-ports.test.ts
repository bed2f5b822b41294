import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow, resetFake } from './electron-fake';
import { electronDialogs, electronPdfRenderer, electronShell } from '../../electron/main/ports';
import {
  checkPreload,
  mainBuildOptions,
  preloadBuildOptions,
  requiredModules,
} from '../../scripts/build-electron';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());
// electron-store (imported through the settings store) would load the real electron package.
vi.mock('electron-store', () => ({ default: class {} }));

describe('desktop ports (Electron faked)', () => {
  beforeEach(resetFake);

  it('ports (Electron faked): the open dialog offers CSV/TSV/TXT and returns null when cancelled', async () => {
    const dialogs = electronDialogs(() => null);
    await expect(dialogs.chooseDataFile()).resolves.toBe('/data/sales.csv');
    const options = fake.dialog.showOpenDialog.mock.calls[0]![0] as { filters: { extensions: string[] }[] };
    expect(options.filters[0]!.extensions).toEqual(['csv', 'tsv', 'txt']);
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(dialogs.chooseDataFile()).resolves.toBeNull();
  });

  it('ports (Electron faked): the save dialog filters by export format', async () => {
    const dialogs = electronDialogs(() => null);
    await expect(dialogs.chooseSaveLocation('sales-report.ipynb', 'ipynb')).resolves.toBe('/out/report.html');
    const options = fake.dialog.showSaveDialog.mock.calls[0]![0] as {
      defaultPath: string;
      filters: { extensions: string[] }[];
    };
    expect(options.filters).toEqual([{ name: 'Jupyter notebook', extensions: ['ipynb'] }]);
    expect(options.defaultPath).toMatch(/sales-report\.ipynb$/);
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(dialogs.chooseSaveLocation('x.pdf', 'pdf')).resolves.toBeNull();
  });

  it('ports (Electron faked): the shell opens only http(s) links, and reports a file it cannot open', async () => {
    await electronShell.openExternal('https://example.com/docs');
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:privacy']) {
      await expect(electronShell.openExternal(url)).rejects.toThrow(/http/);
    }
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
    fake.shell.openPath.mockResolvedValueOnce('No application is associated');
    await expect(electronShell.openPath('/out/report.pdf')).rejects.toThrow(/report\.pdf.*No application/);
    await electronShell.showItemInFolder('/out/analysis.py');
    expect(fake.shell.showItemInFolder).toHaveBeenCalledWith('/out/analysis.py');
  });

  it('ports (Electron faked): PDF is printed in a hidden, sandboxed window with JavaScript off and no network', async () => {
    const pdf = await electronPdfRenderer().htmlToPdf('<h1>Sales</h1>');
    expect(pdf.toString()).toContain('%PDF');
    const win = FakeBrowserWindow.windows[0]!;
    expect(win.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true } });
    expect(win.loadedHtml).toBe('<h1>Sales</h1>');
    expect(existsSync(win.loadedFile!)).toBe(false);
    expect(win.destroyed).toBe(true);
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({ pageSize: 'A4', printBackground: true }),
    );
    const ses = fake.session.partitions.values().next().value!;
    const decide = (url: string) => {
      let verdict: unknown;
      (ses.beforeRequestListener as (d: unknown, cb: (r: unknown) => void) => void)(
        { url },
        (r) => (verdict = r),
      );
      return verdict;
    };
    expect(decide('https://tracker.example/pixel.png')).toEqual({ cancel: true });
    expect(decide('data:image/png;base64,AAAA')).toEqual({ cancel: false });
  });
});

describe('electron build (Electron faked)', () => {
  it('build (Electron faked): the preload bundles into one CommonJS file requiring only electron', async () => {
    const result = await build({ ...preloadBuildOptions('/tmp/plotwright-build-test'), write: false });
    const code = result.outputFiles!.find((f) => f.path.endsWith('preload.cjs'))!.text;
    expect(requiredModules(code)).toEqual(['electron']);
    expect(() => checkPreload(code)).not.toThrow();
    expect(code).not.toMatch(/zod/);
    expect(() => checkPreload('require("node:fs"); require("electron")')).toThrow(/node:fs/);
  });

  it('build (Electron faked): main is an ESM bundle for node with node_modules left external', () => {
    expect(mainBuildOptions('/tmp/out')).toMatchObject({
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      bundle: true,
    });
  });
});
