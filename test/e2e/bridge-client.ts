// Runs in the browser page (bundled by the bridge): builds `window.plotwright` with the SAME
// createApi the preload uses, over a Playwright binding instead of ipcRenderer. Dropped files
// have no path in a plain browser, so they are looked up by name in the test's drop folder
// (standing in for Electron's webUtils.getPathForFile).
import {
  createApi,
  type DroppedFileHandle,
  type RendererApi,
  type Transport,
} from '../../electron/shared/api';
import type { EventChannel, EventPayloads } from '../../electron/shared/contract';
import { oneLine } from '../../electron/model/text/one-line';

declare global {
  interface Window {
    __plotwrightInvoke(channel: string, args: unknown[]): Promise<unknown>;
    __plotwrightEmit(channel: string, payload: unknown): void;
    __plotwrightDropDir: string;
    plotwright?: RendererApi;
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();

window.__plotwrightEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

const transport: Transport = {
  invoke: async (channel, args) => {
    try {
      return (await window.__plotwrightInvoke(channel, args as unknown[])) as never;
    } catch (err) {
      throw new Error(oneLine(err), { cause: err });
    }
  },
  on: <E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(channel, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
};

const api = createApi(transport);
const rendererApi: RendererApi = {
  ...api,
  grantDroppedFiles: (files: readonly DroppedFileHandle[]) =>
    api.grantDroppedFiles(
      files.map((f) => ({ name: f.name, path: `${window.__plotwrightDropDir}/${f.name}` })),
    ),
};
window.plotwright = Object.freeze(rendererApi);
