import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow, resetFake } from './electron-fake';
import {
  appIndexUrl,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  isAppUrl,
  MIN_HEIGHT,
  MIN_WIDTH,
} from '../../electron/main/window';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

const APP = 'file:///opt/plotwright/dist/renderer/index.html';
const PRELOAD = '/opt/plotwright/dist-electron/preload.cjs';

function open() {
  createMainWindow({ url: APP, preload: PRELOAD });
  const win = FakeBrowserWindow.windows.at(-1)!;
  return { win, contents: win.webContents, session: win.webContents.session };
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('window factory (Electron faked)', () => {
  beforeEach(resetFake);

  it('window factory (Electron faked): isolated, sandboxed, no Node, the bundled preload, minimum size', () => {
    const { win } = open();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      preload: PRELOAD,
    });
    expect(win.options).toMatchObject({ minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT });
    expect(MIN_WIDTH).toBe(1024);
    expect(MIN_HEIGHT).toBe(700);
    expect(win.loadedUrl).toBe(APP);
  });

  it('window factory (Electron faked): loads the built index, or the dev server when PLOTWRIGHT_DEV_URL is set', () => {
    expect(appIndexUrl('/opt/plotwright')).toBe(APP);
    expect(appIndexUrl('/opt/plotwright', 'http://localhost:5173')).toBe('http://localhost:5173/');
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl(`${APP}#/settings`, APP)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
  });

  it('window factory (Electron faked): every permission request and check is denied', () => {
    const { session } = open();
    const callback = vi.fn();
    (session.requestHandler as (...a: unknown[]) => void)({}, 'media', callback, {});
    (session.requestHandler as (...a: unknown[]) => void)({}, 'notifications', callback, {});
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect((session.checkHandler as (...a: unknown[]) => boolean)(null, 'geolocation', APP, {})).toBe(false);
  });

  it('window factory (Electron faked): will-navigate / will-redirect elsewhere are prevented, the app index is allowed', () => {
    const { contents } = open();
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = navigationEvent('https://example.com/');
      contents.emit(event, away);
      expect(away.preventDefault).toHaveBeenCalled();
      const file = navigationEvent('file:///home/me/secret.html');
      contents.emit(event, file);
      expect(file.preventDefault).toHaveBeenCalled();
      const home = navigationEvent(APP);
      contents.emit(event, home);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
  });

  it('window factory (Electron faked): window.open is denied; only http(s) links go to the OS browser', () => {
    const { contents } = open();
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://pandas.pydata.org/docs/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://pandas.pydata.org/docs/');
    fake.shell.openExternal.mockClear();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'not a url']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('window factory (Electron faked): attaching a <webview> is prevented', () => {
    const { contents } = open();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("window factory (Electron faked): the CSP header replaces any other on the app's responses", () => {
    const { session } = open();
    const listener = session.headersListener as (d: unknown, cb: (r: unknown) => void) => void;
    const callback = vi.fn();
    listener(
      { url: APP, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    const other = vi.fn();
    listener({ url: 'https://example.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});
