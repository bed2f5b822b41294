import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './electron-fake';
import type { PreloadApi } from '../../electron/preload';
import { createApi, type Transport } from '../../electron/shared/api';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

// Importing the preload runs it: it exposes the API through the (fake) contextBridge.
await import('../../electron/preload');
const exposed = () => fake.contextBridge.exposed.get('plotwright') as PreloadApi;

const nullTransport: Transport = { invoke: async () => undefined as never, on: () => () => undefined };

describe('preload (Electron faked)', () => {
  beforeEach(() => {
    fake.ipcRenderer.removeAllListeners();
    fake.ipcRenderer.invoke.mockReset();
    fake.webUtils.getPathForFile.mockClear();
  });

  it('preload (Electron faked): exposes exactly the createApi methods under `plotwright`, nothing generic', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['plotwright']);
    const api = exposed();
    expect(Object.keys(api).sort()).toEqual(Object.keys(createApi(nullTransport)).sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'require', 'process']) {
      expect(name in api).toBe(false);
    }
  });

  it('preload (Electron faked): a method invokes its one channel with its arguments', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ id: 'c1' });
    await expect(exposed().startConversation({ fileId: 'f1', question: 'Sales by month?' })).resolves.toEqual(
      {
        id: 'c1',
      },
    );
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('conversations:start', {
      fileId: 'f1',
      question: 'Sales by month?',
    });
  });

  it("preload (Electron faked): errors reach the page as the handler's one line", async () => {
    fake.ipcRenderer.invoke.mockRejectedValueOnce(
      new Error("Error invoking remote method 'secrets:set': Error: the OS cannot encrypt secrets"),
    );
    await expect(exposed().setApiKey({ key: 'sk-test-1234' })).rejects.toThrow(
      /^the OS cannot encrypt secrets$/,
    );
  });

  it('preload (Electron faked): dropped Files are turned into { name, path } with webUtils.getPathForFile', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce([]);
    const files = [new File(['a,b\n1,2\n'], 'sales.csv'), new File(['x\ty\n'], 'trips.tsv')];
    await exposed().grantDroppedFiles(files);
    expect(fake.webUtils.getPathForFile.mock.calls.map(([f]) => f)).toEqual(files);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('files:grant-dropped', [
      { name: 'sales.csv', path: '/drops/sales.csv' },
      { name: 'trips.tsv', path: '/drops/trips.tsv' },
    ]);
  });

  it('preload (Electron faked): a File without a path on disk is refused before reaching main', async () => {
    fake.webUtils.getPathForFile.mockReturnValueOnce('');
    await expect(exposed().grantDroppedFiles([new File(['x'], 'pasted.csv')])).rejects.toThrow(/pasted.csv/);
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('preload (Electron faked): events unsubscribe when their AbortSignal aborts', () => {
    const listener = vi.fn();
    const controller = new AbortController();
    exposed().onFileOpened(listener, { signal: controller.signal });
    fake.ipcRenderer.emit('app:file-opened', {}, { conversationId: 'c1' });
    controller.abort();
    fake.ipcRenderer.emit('app:file-opened', {}, { conversationId: 'c2' });
    expect(listener.mock.calls).toEqual([[{ conversationId: 'c1' }]]);
    expect(fake.ipcRenderer.listenerCount('app:file-opened')).toBe(0);
  });

  it('preload (Electron faked): the returned function unsubscribes, also when the signal arrived as a bridge copy', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const listener = vi.fn();
    // What contextBridge makes of an AbortSignal: an empty plain object.
    const off = exposed().onAppError(listener, { signal: {} as AbortSignal });
    fake.ipcRenderer.emit('app:error', {}, { message: 'bad file' });
    off();
    fake.ipcRenderer.emit('app:error', {}, { message: 'again' });
    expect(listener.mock.calls).toEqual([[{ message: 'bad file' }]]);
    expect(fake.ipcRenderer.listenerCount('app:error')).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('preload (Electron faked): an already aborted signal never subscribes', () => {
    const listener = vi.fn();
    exposed().onSandboxStatus(listener, { signal: AbortSignal.abort() });
    expect(fake.ipcRenderer.listenerCount('sandbox:status')).toBe(0);
  });
});
