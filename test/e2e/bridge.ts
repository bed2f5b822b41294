// The end-to-end test bridge: the real renderer (Vite build) in Debian's Chromium, talking to the
// real core services through the SAME handlers the Electron main process registers, over a
// Playwright binding instead of IPC. Faked, because they need Electron or the OS: the file
// dialogs, the shell, the OS keychain (safeStorage) and webUtils.getPathForFile for drops.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHandlers, type DesktopApp } from '../../electron/core/desktop/handlers';
import type { DesktopPorts, EventSink } from '../../electron/core/desktop/ports';
import { FakeKeychainSecretStore } from '../support/fake-keychain';
import type { Settings } from '../../electron/model/settings';
import { chromiumPdfRenderer } from '../../electron/core/report/pdf';
import type { EventChannel, EventPayloads } from '../../electron/shared/contract';
import { isInvokeChannel, validateArgs } from '../../electron/shared/validate';
import { oneLine } from '../../electron/model/text/one-line';

export { FakeKeychainSecretStore };
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RENDERER = process.env.PW_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');

export interface BridgeOptions {
  dataDir: string;
  /** What the (faked) open dialog returns, in order; null = cancelled. */
  openDialog?: (string | null)[];
  /** Where the (faked) save dialog saves: a folder; the suggested name is kept. */
  saveDir?: string;
  /** Where dropped files are found by name. */
  dropDir?: string;
  settings?: Partial<Settings>;
  encryptionAvailable?: boolean;
  viewport?: { width: number; height: number };
}

export interface Bridge {
  page: Page;
  app: DesktopApp;
  secrets: FakeKeychainSecretStore;
  shell: { opened: string[]; revealed: string[]; external: string[] };
  /** Every event sent to the page, in order. */
  events: { channel: EventChannel; payload: unknown }[];
  /** Sends events to the page, as main's EventSink does. */
  sink: EventSink;
  url: string;
  close(): Promise<void>;
}

let clientBundle: string | null = null;
async function bundleClient(): Promise<string> {
  clientBundle ??= (
    await build({
      entryPoints: [path.join(ROOT, 'test', 'e2e', 'bridge-client.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
    })
  ).outputFiles[0]!.text;
  return clientBundle;
}

/** Serves dist/renderer (the app's real build) on loopback. */
function serveRenderer(): Promise<http.Server> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
  };
  const server = http.createServer((req, res) => {
    const rel =
      decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(RENDERER, path.normalize(rel));
    if (!file.startsWith(RENDERER)) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function openBridge(options: BridgeOptions): Promise<Bridge> {
  mkdirSync(options.dataDir, { recursive: true });
  const settingsFile = path.join(options.dataDir, 'settings.json');
  if (options.settings) writeFileSync(settingsFile, JSON.stringify({ version: 2, ...options.settings }));
  const openQueue = [...(options.openDialog ?? [])];
  const shell = { opened: [] as string[], revealed: [] as string[], external: [] as string[] };
  const events: Bridge['events'] = [];
  let page: Page | null = null;
  let delivery: Promise<unknown> = Promise.resolve();
  const sink: EventSink = {
    emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]) {
      events.push({ channel, payload });
      const target = page;
      // in order, like IPC; a closed page just stops receiving
      delivery = delivery.then(() =>
        target
          ?.evaluate(([c, p]) => window.__plotwrightEmit(c, p), [channel, payload] as const)
          .catch(() => undefined),
      );
    },
  };
  const secrets = new FakeKeychainSecretStore(options.encryptionAvailable ?? true);
  const ports: DesktopPorts = {
    dialogs: {
      chooseDataFile: async () => openQueue.shift() ?? null,
      chooseSaveLocation: async (name) => (options.saveDir ? path.join(options.saveDir, name) : null),
    },
    shell: {
      openPath: async (p) => void shell.opened.push(p),
      showItemInFolder: async (p) => void shell.revealed.push(p),
      openExternal: async (u) => void shell.external.push(u),
    },
    secrets,
    settings: {
      read: () => {
        try {
          return JSON.parse(readFileSync(settingsFile, 'utf8'));
        } catch {
          return undefined;
        }
      },
      write: (s) => writeFileSync(settingsFile, JSON.stringify(s)),
    },
    events: sink,
    pdf: chromiumPdfRenderer(),
    dataDir: options.dataDir,
    appVersion: '0.1.0-e2e',
  };
  const app = await createHandlers(ports);
  const server = await serveRenderer();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser: Browser = await chromium.launch({
    executablePath: process.env.PLOTWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  await context.exposeBinding('__plotwrightInvoke', async (_source, channel: string, args: unknown[]) => {
    if (!isInvokeChannel(channel)) throw new Error(`no such channel: ${channel}`);
    try {
      const handler = app[channel] as (...a: unknown[]) => Promise<unknown>;
      return await handler(...(validateArgs(channel, args) as unknown[]));
    } catch (err) {
      throw new Error(oneLine(err), { cause: err });
    }
  });
  await context.addInitScript({
    content: `window.__plotwrightDropDir = ${JSON.stringify(options.dropDir ?? '/nonexistent')};\n${await bundleClient()}`,
  });
  page = await context.newPage();
  await page.goto(url);
  return {
    page,
    app,
    secrets,
    shell,
    events,
    sink,
    url,
    close: async () => {
      await app.shutdown();
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
