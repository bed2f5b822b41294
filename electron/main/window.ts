/**
 * The one window factory: a hardened BrowserWindow (isolated, sandboxed, no Node), a strict
 * Content-Security-Policy, every permission denied, no navigation away from the app, no new
 * windows (http(s) links go to the OS browser), no <webview>.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 700;

/** The page the window loads: the dev server when PLOTWRIGHT_DEV_URL is set, else the built index. */
export function appIndexUrl(appPath: string, devUrl?: string): string {
  if (devUrl) return new URL(devUrl).href;
  return pathToFileURL(path.join(appPath, 'dist', 'renderer', 'index.html')).href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Is `url` the app's own page: the very index file in production, the dev server's origin in dev. */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parse(url);
  const app = parse(appUrl);
  if (!candidate || !app) return false;
  if (app.protocol === 'file:') {
    return (
      candidate.protocol === 'file:' && candidate.host === app.host && candidate.pathname === app.pathname
    );
  }
  return candidate.origin === app.origin;
}

/** Is `url` one of the app's own resources (where the CSP header is added)? */
export function isAppResource(url: string, appUrl: string): boolean {
  const candidate = parse(url);
  const app = parse(appUrl);
  if (!candidate || !app) return false;
  return app.protocol === 'file:' ? candidate.protocol === 'file:' : candidate.origin === app.origin;
}

/** Only http(s) links may be handed to the OS browser. */
export function externalHttpUrl(url: string): string | null {
  const parsed = parse(url);
  return parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? parsed.href : null;
}

const hardenedSessions = new WeakSet<Session>();

/** Permissions denied, the CSP header on the app's responses. Once per session. */
export function hardenSession(ses: Session, appUrl: string): void {
  if (hardenedSessions.has(ses)) return;
  hardenedSessions.add(ses);
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, appUrl)) return callback({});
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalHttpUrl(url);
    if (external) void shell.openExternal(external).catch(() => undefined);
    return { action: 'deny' };
  });
}

export interface MainWindowOptions {
  /** The app's page: appIndexUrl(…). */
  url: string;
  /** The bundled CommonJS preload (dist-electron/preload.cjs). */
  preload: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Plotwright',
    width: 1280,
    height: 840,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenSession(window.webContents.session, options.url);
  hardenWebContents(window.webContents, options.url);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
