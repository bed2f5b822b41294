/**
 * The preload (bundled into ONE CommonJS file, dist-electron/preload.cjs, because a sandboxed
 * preload cannot require local modules). It exposes `window.plotwright`: exactly the named
 * methods of createApi, nothing generic (no invoke/send/on, no ipcRenderer).
 *
 * Differences from createApi, both forced by contextBridge:
 * - grantDroppedFiles takes DOM File objects and turns them into { name, path } here
 *   (webUtils.getPathForFile only works in the preload).
 * - an AbortSignal cannot cross contextBridge (it arrives as an empty copy): a usable signal is
 *   honoured, an unusable one is reported once on the console; the function every `on…` method
 *   returns always unsubscribes.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createApi, type ListenOptions, type RendererApi, type Transport } from './shared/api';
import type { EventChannel, EventPayloads } from './shared/contract';
import { oneLine } from './model/text/one-line';

/** Electron wraps handler errors as "Error invoking remote method 'x': Error: message". */
function cleanError(error: unknown): Error {
  return new Error(oneLine(error, { fallback: 'unexpected error' }));
}

const transport: Transport = {
  invoke: (channel, args) =>
    ipcRenderer.invoke(channel, ...(args as unknown[])).catch((error: unknown) => {
      throw cleanError(error);
    }),
  on: <E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void) => {
    const forward = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

const api = createApi(transport);
type Api = typeof api;
type EventMethod = { [K in keyof Api]: K extends `on${string}` ? K : never }[keyof Api];

let warnedAboutSignal = false;

function usableSignal(signal: unknown): AbortSignal | undefined {
  if (signal && typeof (signal as AbortSignal).addEventListener === 'function') return signal as AbortSignal;
  if (signal && !warnedAboutSignal) {
    warnedAboutSignal = true;
    console.warn(
      'plotwright: an AbortSignal cannot cross the context bridge; call the returned function to stop listening',
    );
  }
  return undefined;
}

function events(): Pick<Api, EventMethod> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    if (!name.startsWith('on')) continue;
    const listen = method as (listener: (payload: unknown) => void, options?: ListenOptions) => () => void;
    wrapped[name] = (listener: (payload: unknown) => void, options?: ListenOptions) => {
      const signal = usableSignal(options?.signal);
      return listen(listener, signal ? { signal } : undefined);
    };
  }
  return wrapped as Pick<Api, EventMethod>;
}

export const plotwright = {
  ...api,
  ...events(),
  grantDroppedFiles: (files: readonly File[]) => {
    const dropped = Array.from(files, (file) => ({ name: file.name, path: webUtils.getPathForFile(file) }));
    const notOnDisk = dropped.find((file) => !file.path);
    if (notOnDisk) return Promise.reject(new Error(`${notOnDisk.name} is not a file on this computer`));
    return api.grantDroppedFiles(dropped);
  },
} satisfies RendererApi;

export type PreloadApi = typeof plotwright;

contextBridge.exposeInMainWorld('plotwright', plotwright);
