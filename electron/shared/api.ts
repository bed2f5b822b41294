/**
 * The renderer's whole view of the main process: named methods, one per contract channel, and
 * events a listener leaves by calling the function returned (an AbortSignal works where it is a
 * real one; through Electron's contextBridge it arrives as a copy, so the renderer uses the
 * function). Built from a transport: ipcRenderer in the preload, or the end-to-end test bridge.
 */
import type { EventChannel, EventPayloads, InvokeArgs, InvokeChannel, InvokeResults } from './contract';

export interface Transport {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResults[C]>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export interface ListenOptions {
  signal?: AbortSignal;
}

type Listen<E extends EventChannel> = (
  listener: (payload: EventPayloads[E]) => void,
  options?: ListenOptions,
) => () => void;

function listen<E extends EventChannel>(transport: Transport, channel: E): Listen<E> {
  return (listener, options) => {
    if (options?.signal?.aborted) return () => undefined;
    const off = transport.on(channel, listener);
    options?.signal?.addEventListener('abort', off, { once: true });
    return off;
  };
}

export function createApi(t: Transport) {
  const call =
    <C extends InvokeChannel>(channel: C) =>
    (...args: InvokeArgs<C>) =>
      t.invoke(channel, args);
  return {
    getAppInfo: call('app:info'),
    chooseFile: call('files:choose'),
    grantDroppedFiles: call('files:grant-dropped'),
    recentFiles: call('files:recent'),
    fileOfConversation: call('files:of-conversation'),
    previewFile: call('files:preview'),
    previewBrief: call('files:brief'),
    listConversations: call('conversations:list'),
    getConversation: call('conversations:get'),
    startConversation: call('conversations:start'),
    sendMessage: call('conversations:send'),
    cancelConversation: call('conversations:cancel'),
    recoverConversation: call('conversations:recover'),
    decideApproval: call('conversations:approve'),
    renameConversation: call('conversations:rename'),
    deleteConversation: call('conversations:delete'),
    readArtifact: call('conversations:artifact'),
    exportConversation: call('conversations:export'),
    openExport: call('exports:open'),
    revealExport: call('exports:reveal'),
    getSettings: call('settings:get'),
    updateSettings: call('settings:update'),
    getKeyStatus: call('secrets:status'),
    setApiKey: call('secrets:set'),
    clearApiKey: call('secrets:clear'),
    listModels: call('models:list'),
    testConnection: call('models:test'),
    checkModel: call('models:check'),
    cancelModelCheck: call('models:check-cancel'),
    getModelCheck: call('models:check-status'),
    getSandboxStatus: call('sandbox:status'),
    prepareSandboxImage: call('sandbox:prepare'),
    cancelSandboxImage: call('sandbox:cancel'),
    openExternal: call('links:open'),
    onConversationEvent: listen(t, 'conversation:event'),
    onConversationsChanged: listen(t, 'conversation:list-changed'),
    onImageProgress: listen(t, 'sandbox:progress'),
    onSandboxStatus: listen(t, 'sandbox:status'),
    onFileOpened: listen(t, 'app:file-opened'),
    onAppError: listen(t, 'app:error'),
    onModelCheck: listen(t, 'models:check'),
  };
}

export type PlotwrightApi = ReturnType<typeof createApi>;

/** A dropped DOM File, structurally (the shared code compiles without DOM types). */
export interface DroppedFileHandle {
  readonly name: string;
}

/**
 * What the renderer sees as `window.plotwright`: the API, except that dropped files go in as the
 * DOM File objects of the drop — the preload (or the test bridge) finds their paths.
 */
export type RendererApi = Omit<PlotwrightApi, 'grantDroppedFiles'> & {
  grantDroppedFiles(files: readonly DroppedFileHandle[]): ReturnType<PlotwrightApi['grantDroppedFiles']>;
};
