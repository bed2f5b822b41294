// The whole main process (electron/main.ts) booted with Electron faked (the binary cannot run
// here) over the real core: single-instance lock, paths, every IPC channel registered behind the
// sender check, the hardened window, a CSV from the command line and one from a second launch
// each opening a conversation, and a clean quit.
import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeSchemas } from '../../electron/shared/contract';
import { FakeBrowserWindow, fake } from './electron-fake';

const boot = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const paths = new Map<string, string>();
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getAppPath: () => '/opt/plotwright-app',
    getVersion: () => '9.9.9-boot',
    setPath: (name: string, value: string) => void paths.set(name, value),
    getPath: (name: string) => paths.get(name) ?? `/fake/${name}`,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    quit: () => undefined,
    exit: () => undefined,
  });
  return { app };
});

vi.mock('electron', async () => {
  const module = (await import('./electron-fake')).electronModule();
  return { ...module, app: boot.app, default: { ...module.default, app: boot.app } };
});
// electron-store asks Electron for its folder from node_modules, which Vitest does not transform:
// stand it in with `conf` in the (faked) userData folder, as electron-store would use.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class FakeElectronStore extends Conf<Record<string, unknown>> {
    constructor({ name, ...options }: { name?: string; cwd?: string } & Record<string, unknown>) {
      super({ ...options, cwd: options.cwd ?? boot.app.getPath('userData'), configName: name ?? 'config' });
    }
  }
  return { default: FakeElectronStore };
});

const SALES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'sales.csv');
let tmp: string;
let window: FakeBrowserWindow;
const savedArgv = process.argv;
const savedDataDir = process.env.PLOTWRIGHT_DATA_DIR;
const trusted = () => ({ senderFrame: { url: window.loadedUrl, parent: null } });

function handler(channel: string): (event: unknown, ...args: unknown[]) => Promise<unknown> {
  const call = fake.ipcMain.handle.mock.calls.find(([name]) => name === channel);
  if (!call) throw new Error(`${channel} is not registered`);
  return call[1] as (event: unknown, ...args: unknown[]) => Promise<unknown>;
}
async function conversations(): Promise<{ id: string; fileName: string | null }[]> {
  return (await handler('conversations:list')(trusted())) as { id: string; fileName: string | null }[];
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-main-boot-'));
  const data = path.join(tmp, 'data');
  mkdirSync(data);
  // execution off: opening a file profiles it and shows the analyst's code, nothing runs
  writeFileSync(path.join(data, 'settings.json'), JSON.stringify({ version: 2, securityMode: 'off' }));
  copyFileSync(SALES, path.join(tmp, 'sales.csv'));
  copyFileSync(SALES, path.join(tmp, 'q2-sales.csv'));
  process.env.PLOTWRIGHT_DATA_DIR = data;
  process.argv = ['/opt/plotwright/plotwright', '--no-sandbox', path.join(tmp, 'sales.csv')];
  await import('../../electron/main');
  await vi.waitFor(() => expect(FakeBrowserWindow.windows).toHaveLength(1), { timeout: 10_000 });
  window = FakeBrowserWindow.windows[0]!;
});
afterAll(() => {
  process.argv = savedArgv;
  if (savedDataDir === undefined) delete process.env.PLOTWRIGHT_DATA_DIR;
  else process.env.PLOTWRIGHT_DATA_DIR = savedDataDir;
  rmSync(tmp, { recursive: true, force: true });
});

describe('main process boot (Electron faked)', () => {
  it('main (Electron faked): the data folder is userData, and every contract channel is registered once', () => {
    expect(boot.app.getPath('userData')).toBe(path.join(tmp, 'data'));
    const channels = fake.ipcMain.handle.mock.calls.map(([name]) => name).sort();
    expect(channels).toEqual(Object.keys(invokeSchemas).sort());
  });

  it('main (Electron faked): one hardened window on the built renderer with the bundled preload', () => {
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(window.loadedUrl).toBe('file:///opt/plotwright-app/dist/renderer/index.html');
    expect(window.webContents.session.requestHandler).not.toBeNull();
  });

  it('main (Electron faked): calls from the app page are answered, others refused', async () => {
    expect(await handler('app:info')(trusted())).toMatchObject({
      version: '9.9.9-boot',
      dataDir: path.join(tmp, 'data'),
    });
    await expect(
      handler('app:info')({ senderFrame: { url: 'https://example.com/', parent: null } }),
    ).rejects.toThrow('app:info: refused, the request did not come from the app');
  });

  it('main (Electron faked): a CSV on the command line opens a conversation once the page has loaded', async () => {
    expect(await conversations()).toEqual([]);
    window.webContents.emit('did-finish-load');
    await vi.waitFor(
      () => expect(window.webContents.sent.map(([channel]) => channel)).toContain('app:file-opened'),
      { timeout: 20_000 },
    );
    const [opened] = window.webContents.sent.filter(([channel]) => channel === 'app:file-opened');
    const list = await conversations();
    expect(list).toEqual([expect.objectContaining({ fileName: 'sales.csv' })]);
    expect(opened![1]).toEqual({ conversationId: list[0]!.id });
  });

  it("main (Electron faked): a second launch's CSV opens another conversation; other arguments are ignored", async () => {
    window.minimized = true;
    boot.app.emit('second-instance', {}, ['/opt/plotwright/plotwright', 'q2-sales.csv', 'notes.txt'], tmp);
    // the window comes forward
    expect(window.minimized).toBe(false);
    expect(window.focus).toHaveBeenCalled();
    await vi.waitFor(async () => expect(await conversations()).toHaveLength(2), { timeout: 20_000 });
    expect((await conversations()).map((c) => c.fileName).sort()).toEqual(['q2-sales.csv', 'sales.csv']);
  });

  it('main (Electron faked): quitting waits for the shutdown of conversations, then quits', async () => {
    const quit = vi.spyOn(boot.app, 'quit');
    const event = { preventDefault: vi.fn() };
    boot.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(EventEmitter.listenerCount(boot.app, 'will-quit')).toBe(1);
  });
});
