/**
 * Every invoke channel of the contract, implemented over the core services. The Electron main
 * process registers these (electron/main/setup/*), the end-to-end test bridge serves the same
 * object to a browser page: one implementation, two transports.
 */
import path from 'node:path';
import type { Handlers, KeyStatus } from '../../shared/contract';
import { FileConversationStore } from '../agent/store';
import { ExecutorService } from '../exec/executor';
import { DEFAULT_LIMITS } from '../../model/exec/types';
import { listModels, testConnection } from '../llm/endpoints';
import { ConversationManager } from './conversations';
import { FileGrants } from './files';
import type { DesktopPorts } from './ports';
import { SandboxService } from './sandbox';
import { applyPatch, endpointOf, loadSettings, type Settings } from '../../model/settings';
import { oneLine } from '../../model/text/one-line';

export interface DesktopApp extends Handlers {
  /** A file opened from outside the window (double-click, argv): a new conversation on it. */
  openExternalFile(file: string): Promise<string>;
  shutdown(): Promise<void>;
}

function httpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('only http(s) links open in the browser');
  return parsed.toString();
}

export async function createHandlers(ports: DesktopPorts): Promise<DesktopApp> {
  const stored = ports.settings.read();
  const loaded = loadSettings(stored);
  let settings: Settings = loaded.settings;
  const migrated = (stored as { version?: unknown } | undefined)?.version !== settings.version;
  if (migrated || loaded.problems.length) ports.settings.write(settings);
  const current = () => settings;
  const executor = new ExecutorService({ limits: DEFAULT_LIMITS, dataDir: ports.dataDir });
  const store = new FileConversationStore(path.join(ports.dataDir, 'conversations'));
  const files = new FileGrants(ports.dataDir);
  const conversations = new ConversationManager({ executor, store, files, ports, settings: current });
  const sandbox = new SandboxService(executor, ports.events, current);
  const provider = (): KeyStatus['provider'] =>
    settings.provider === 'compatible' ? 'compatible' : 'openai';
  /** The key goes only to the origin it was saved for, whatever URL the renderer names. */
  const key = (baseUrl: string) => ports.secrets.get(baseUrl) ?? undefined;
  const keyStatus = () => ports.secrets.status(provider(), endpointOf(settings));

  return {
    'app:info': async () => ({
      version: ports.appVersion,
      platform: process.platform,
      dataDir: ports.dataDir,
    }),
    'files:choose': async () => {
      const chosen = await ports.dialogs.chooseDataFile();
      return chosen ? files.grant(chosen) : null;
    },
    'files:grant-dropped': async (dropped) => Promise.all(dropped.map((f) => files.grantDropped(f.path))),
    'files:recent': async () => files.recent(),
    'files:of-conversation': async (id) => conversations.fileOf(id),
    'files:preview': async (fileId, range) => files.preview(fileId, range.offset, range.limit),
    'files:brief': async (fileId, level) => files.brief(fileId, level),
    'conversations:list': async () => conversations.list(),
    'conversations:get': async (id) => conversations.get(id),
    'conversations:start': async ({ fileId, question }) => conversations.start(fileId, question),
    'conversations:send': async (id, text) => conversations.send(id, text),
    'conversations:cancel': async (id) => conversations.cancel(id),
    'conversations:recover': async (id, action) => conversations.recover(id, action),
    'conversations:approve': async ({ conversationId, messageId, index, decision }) => {
      conversations.approve(conversationId, messageId, index, decision);
      if (decision.action === 'setup-docker') {
        // the run stops; once the image is ready, its next question opens a (verified) Docker sandbox
        void sandbox
          .prepare()
          .then(() => conversations.releaseSession(conversationId))
          .catch((err: Error) =>
            ports.events.emit('app:error', {
              message: `Docker isolation could not be set up: ${oneLine(err)}`,
            }),
          );
      }
    },
    'conversations:rename': async (id, title) => conversations.rename(id, title),
    'conversations:delete': async (id) => conversations.delete(id),
    'conversations:artifact': async (id, name) => conversations.artifact(id, name),
    'conversations:export': async (id, format) => conversations.export(id, format),
    'exports:open': async (exportId) => conversations.openExport(exportId),
    'exports:reveal': async (exportId) => conversations.revealExport(exportId),
    'settings:get': async () => settings,
    'settings:update': async (patch, confirm) => {
      if (patch.approval === 'never' && settings.approval !== 'never' && !confirm?.confirmUnsandboxed) {
        const status = await sandbox.status(false, true);
        if (!status.isolated)
          throw new Error('running code without asking where no sandbox is verified needs your confirmation');
      }
      settings = applyPatch(settings, patch);
      ports.settings.write(settings);
      if (patch.securityMode) ports.events.emit('sandbox:status', await sandbox.status());
      return settings;
    },
    'secrets:status': async () => keyStatus(),
    'secrets:set': async ({ key: value, sessionOnly }) => {
      // bound to the endpoint main has in its settings, never to one the renderer names
      ports.secrets.set(value.trim(), { sessionOnly: sessionOnly === true, endpoint: endpointOf(settings) });
      return keyStatus();
    },
    'secrets:clear': async () => {
      ports.secrets.clear();
      return keyStatus();
    },
    'models:list': async ({ baseUrl }) => listModels({ baseUrl, apiKey: key(baseUrl) }),
    'models:test': async ({ baseUrl }) => testConnection({ baseUrl, apiKey: key(baseUrl) }),
    'sandbox:status': async (refresh, wait) => sandbox.status(refresh === true, wait === true),
    'sandbox:prepare': async () => sandbox.prepare(),
    'sandbox:cancel': async () => sandbox.cancel(),
    'links:open': async (url) => ports.shell.openExternal(httpUrl(url)),
    openExternalFile: async (file) => {
      const granted = await files.grant(file);
      // a file from outside (double-click, drop, second instance) never runs code unattended unverified
      return (await conversations.start(granted.fileId, undefined, 'outside')).id;
    },
    shutdown: async () => {
      await conversations.shutdown();
      await executor.shutdown();
    },
  };
}
