/**
 * A small fake of the Electron APIs the shell uses (the Electron binary cannot run on this
 * machine). Each piece records what it was asked. Tests install it with
 *   vi.mock('electron', async () => (await import('./electron-fake')).electronModule());
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

export class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  headersListener: Listener | null = null;
  beforeRequestListener: Listener | null = null;
  setPermissionRequestHandler(handler: Listener | null) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null) {
    this.checkHandler = handler;
  }
  webRequest = {
    onHeadersReceived: (listener: Listener) => {
      this.headersListener = listener;
    },
    onBeforeRequest: (listener: Listener) => {
      this.beforeRequestListener = listener;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  destroyed = false;
  printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 fake'));
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return null;
  }
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  loadedFile: string | null = null;
  loadedHtml: string | null = null;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.windows.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  async loadFile(file: string) {
    this.loadedFile = file;
    this.loadedHtml = (await import('node:fs')).readFileSync(file, 'utf8');
  }
  show() {}
  minimized = false;
  focus = vi.fn();
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

/** Reversible, and the plaintext never appears in the output (nor its base64). */
function scramble(bytes: Buffer): Buffer {
  return Buffer.from(bytes.map((b) => b ^ 0x5a));
}

export const safeStorageState = { available: true, backend: 'gnome_libsecret' as string };

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
}

export const fake = {
  app: {
    getPath: vi.fn((_name: string) => '/fake/userData'),
    getVersion: () => '0.0.0-test',
    getAppPath: () => '/fake/app',
    isPackaged: false,
    on: vi.fn(),
  },
  BrowserWindow: FakeBrowserWindow,
  session: {
    partitions: new Map<string, FakeSession>(),
    fromPartition(name: string) {
      const existing = this.partitions.get(name) ?? new FakeSession();
      this.partitions.set(name, existing);
      return existing;
    },
  },
  shell: {
    openExternal: vi.fn(async (_url: string) => undefined),
    openPath: vi.fn(async (_path: string) => ''),
    showItemInFolder: vi.fn((_path: string) => undefined),
  },
  dialog: {
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({
      canceled: false,
      filePaths: ['/data/sales.csv'],
    })),
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: '/out/report.html' })),
  },
  safeStorage: {
    isEncryptionAvailable: () => safeStorageState.available,
    getSelectedStorageBackend: () => safeStorageState.backend,
    encryptString: vi.fn((text: string) => Buffer.concat([Buffer.from('v10'), scramble(Buffer.from(text))])),
    decryptString: vi.fn((data: Buffer) => scramble(data.subarray(3)).toString()),
  },
  ipcMain: { handle: vi.fn(), on: vi.fn() },
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown) {
      if (this.exposed.has(key)) throw new Error(`${key} is already exposed`);
      this.exposed.set(key, api);
    },
  },
  webUtils: { getPathForFile: vi.fn((file: { name: string }) => `/drops/${file.name}`) },
};

export function electronModule() {
  return { ...fake, default: fake };
}

export function resetFake(): void {
  FakeBrowserWindow.windows = [];
  fake.session.partitions.clear();
  fake.contextBridge.exposed.clear();
  fake.ipcRenderer.removeAllListeners();
  safeStorageState.available = true;
  safeStorageState.backend = 'gnome_libsecret';
  vi.clearAllMocks();
}
