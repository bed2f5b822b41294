/**
 * Smoke test of the BUILT desktop app under Playwright's _electron: the real Electron binary,
 * the real main process (dist-electron/main.js), preload and renderer. It runs wherever the
 * Electron binary is installed (on headless Linux, under xvfb-run) and is skipped where it is not,
 * e.g. a CI machine that cannot download it. Builds the app first when dist/ is missing.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Transport } from '../../electron/shared/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The path the electron package reports, when it exists and is executable. */
function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary !== 'string') return null;
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

const electronPath = electronBinary();
const electronBinaryAvailable = electronPath !== null;
const nullTransport: Transport = { invoke: async () => undefined as never, on: () => () => undefined };
const API_METHODS = Object.keys(createApi(nullTransport)).sort();

describe.skipIf(!electronBinaryAvailable)(
  'desktop app smoke test (needs the Electron binary, not installable on this CI machine)',
  () => {
    let app: ElectronApplication;
    let page: Page;
    let dataDir: string;

    beforeAll(async () => {
      if (
        !existsSync(path.join(root, 'dist-electron', 'main.js')) ||
        !existsSync(path.join(root, 'dist', 'renderer', 'index.html'))
      ) {
        execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
          cwd: root,
          stdio: 'inherit',
        });
      }
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-smoke-'));
      const env: Record<string, string> = { PLOTWRIGHT_DATA_DIR: dataDir };
      for (const [name, value] of Object.entries(process.env)) {
        if (value !== undefined && !['PLOTWRIGHT_DEV_URL', 'ELECTRON_RUN_AS_NODE'].includes(name))
          env[name] ??= value;
      }
      // Chromium refuses to run as root with its sandbox (containers): only then run without it.
      const args = process.getuid?.() === 0 ? ['--no-sandbox', root] : [root];
      app = await _electron.launch({ executablePath: electronPath!, args, cwd: root, env, timeout: 60_000 });
      page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
    });

    afterAll(async () => {
      await app?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('desktop app (real Electron): the window opens with the title Plotwright', async () => {
      expect(await page.title()).toBe('Plotwright');
      expect(page.url()).toMatch(/^file:.*\/dist\/renderer\/index\.html/);
    });

    it('desktop app (real Electron): window.plotwright has exactly the named methods; no require, no process', async () => {
      const shape = await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        const api = g.plotwright as Record<string, unknown> | undefined;
        return {
          methods: api ? Object.keys(api).sort() : null,
          types: api ? [...new Set(Object.values(api).map((v) => typeof v))] : [],
          require: typeof g.require,
          process: typeof g.process,
          module: typeof g.module,
          ipcRenderer: typeof g.ipcRenderer,
        };
      });
      expect(shape.methods).toEqual(API_METHODS);
      expect(shape.types).toEqual(['function']);
      expect(shape).toMatchObject({
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
        ipcRenderer: 'undefined',
      });
    });

    it('desktop app (real Electron): a call goes through IPC to the main process and back', async () => {
      const info = await page.evaluate(async () => {
        const api = (globalThis as unknown as { plotwright: { getAppInfo(): Promise<unknown> } }).plotwright;
        return api.getAppInfo();
      });
      const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
      expect(info).toMatchObject({ version: pkg.version, dataDir: path.resolve(dataDir) });
    });

    it('desktop app (real Electron): no navigation away from the app, no new windows', async () => {
      const before = page.url();
      const opened = await page.evaluate(() => {
        const g = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
        const popup = g.open('https://example.com/');
        g.location.href = 'https://example.com/';
        return popup === null;
      });
      await page.waitForTimeout(500);
      expect(opened).toBe(true);
      expect(page.url()).toBe(before);
      expect(app.windows()).toHaveLength(1);
    });
  },
);
