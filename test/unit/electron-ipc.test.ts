import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, resetFake } from './electron-fake';
import {
  createEventSink,
  createSenderCheck,
  registerHandlers,
  type IpcMainLike,
} from '../../electron/main/ipc';
import type { DesktopServices } from '../../electron/core/desktop/services';
import type { SetupContext } from '../../electron/main/setup/context';
import { setupApp } from '../../electron/main/setup/app';
import { setupConversations } from '../../electron/main/setup/conversations';
import { setupExports } from '../../electron/main/setup/exports';
import { setupFiles } from '../../electron/main/setup/files';
import { setupLinks } from '../../electron/main/setup/links';
import { setupModels } from '../../electron/main/setup/models';
import { setupSandbox } from '../../electron/main/setup/sandbox';
import { setupSecrets } from '../../electron/main/setup/secrets';
import { setupSettings } from '../../electron/main/setup/settings';
import { invokeSchemas, type Handlers } from '../../electron/shared/contract';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

const APP = 'file:///opt/plotwright/dist/renderer/index.html';
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const registered = new Map<string, Listener>();
  const counts = new Map<string, number>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      registered.set(channel, listener);
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
    },
  };
  return { ipcMain, registered, counts };
}

function frameEvent(url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

/** Every channel's handler, recording its calls. */
function fakeHandlers() {
  const calls: [string, unknown[]][] = [];
  const handlers = new Proxy({} as Record<string, unknown>, {
    get:
      (_target, channel: string) =>
      async (...args: unknown[]) => {
        calls.push([channel, args]);
        if (channel === 'conversations:rename')
          throw new Error('no conversation c1\n    at Store.rename (store.ts:1)');
        return { channel, args };
      },
  }) as unknown as Handlers;
  return { handlers, calls };
}

const SETUPS = [
  setupApp,
  setupFiles,
  setupConversations,
  setupSettings,
  setupSecrets,
  setupModels,
  setupSandbox,
  setupExports,
  setupLinks,
];

describe('IPC registration (Electron faked)', () => {
  beforeEach(resetFake);

  it('IPC (Electron faked): every contract channel is registered exactly once across all setupX()', () => {
    const { ipcMain, counts } = fakeIpcMain();
    // the real feature factories; the services they serve are never called while registering
    const ctx: SetupContext = { ipcMain, services: {} as DesktopServices, isTrustedSender: () => true };
    for (const setup of SETUPS) setup(ctx);
    expect([...counts.keys()].sort()).toEqual(Object.keys(invokeSchemas).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('IPC (Electron faked): a call from an untrusted frame is rejected and the handler is not called', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    const { handlers, calls } = fakeHandlers();
    registerHandlers(ipcMain, handlers, ['conversations:list'], createSenderCheck(APP));
    const call = registered.get('conversations:list')!;
    await expect(call(frameEvent('https://evil.example/'))).rejects.toThrow(/did not come from the app/);
    await expect(call(frameEvent('file:///tmp/other.html'))).rejects.toThrow(/did not come from the app/);
    await expect(call(frameEvent(APP, { url: APP }))).rejects.toThrow(/did not come from the app/);
    await expect(call({ senderFrame: null } as unknown as IpcMainInvokeEvent)).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('IPC (Electron faked): invalid arguments are rejected with a one-line message, the handler not called', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    const { handlers, calls } = fakeHandlers();
    registerHandlers(ipcMain, handlers, ['conversations:get', 'links:open'], createSenderCheck(APP));
    for (const [channel, args] of [
      ['conversations:get', ['../../etc/passwd']],
      ['conversations:get', []],
      ['conversations:get', ['c1', 'extra']],
      ['links:open', ['not a url']],
    ] as const) {
      const error = await Promise.resolve(registered.get(channel)!(frameEvent(APP), ...args)).catch(
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(channel);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(calls).toEqual([]);
  });

  it('IPC (Electron faked): valid arguments reach the handler and its result comes back', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    const { handlers, calls } = fakeHandlers();
    registerHandlers(ipcMain, handlers, ['files:preview'], createSenderCheck(APP));
    const result = await registered.get('files:preview')!(frameEvent(`${APP}#/c/1`), 'f1', {
      offset: 0,
      limit: 50,
    });
    expect(result).toEqual({ channel: 'files:preview', args: ['f1', { offset: 0, limit: 50 }] });
    expect(calls).toEqual([['files:preview', ['f1', { offset: 0, limit: 50 }]]]);
  });

  it("IPC (Electron faked): a handler's error reaches the renderer as its first line, without stack", async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerHandlers(ipcMain, fakeHandlers().handlers, ['conversations:rename'], () => true);
    await expect(registered.get('conversations:rename')!(frameEvent(APP), 'c1', 'New')).rejects.toThrow(
      /^no conversation c1$/,
    );
  });

  it('IPC (Electron faked): the dev server origin is trusted in dev', async () => {
    const check = createSenderCheck('http://localhost:5173/');
    expect(check(frameEvent('http://localhost:5173/'))).toBe(true);
    expect(check(frameEvent('http://localhost:5173/', {}))).toBe(false);
    expect(check(frameEvent('http://127.0.0.1:5173/'))).toBe(false);
  });

  it('events (Electron faked): sent to every live window, and only on contract event channels', () => {
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const gone = new FakeWebContents();
    gone.destroyed = true;
    const sink = createEventSink(() => [a, b, gone] as never);
    sink.emit('app:file-opened', { conversationId: 'c1' });
    (sink.emit as (channel: string, payload: unknown) => void)('secrets:key', { key: 'sk-nope' });
    expect(a.sent).toEqual([['app:file-opened', { conversationId: 'c1' }]]);
    expect(b.sent).toEqual(a.sent);
    expect(gone.sent).toEqual([]);
  });
});
