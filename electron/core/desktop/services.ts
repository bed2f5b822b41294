/**
 * The desktop's services over the shell's ports, made once per app: settings, executor, store,
 * granted files, conversations, exports, artifact reads and the sandbox status. Each feature's
 * handlers (*-handlers.ts) serve the contract's channels over these.
 */
import path from 'node:path';
import type { Handlers, InvokeChannel } from '../../shared/contract';
import { FileConversationStore } from '../agent/store';
import { ExecutorService } from '../exec/executor';
import { DEFAULT_LIMITS } from '../../model/exec/types';
import { ArtifactReader } from './artifacts';
import { CheckService } from './check-service';
import { ConversationManager } from './conversations';
import { ExportService } from './exports';
import { FileGrants } from './files';
import type { DesktopPorts } from './ports';
import { SandboxService } from './sandbox-service';
import { AppSettings } from './settings';

export interface DesktopServices {
  ports: DesktopPorts;
  settings: AppSettings;
  executor: ExecutorService;
  files: FileGrants;
  conversations: ConversationManager;
  exports: ExportService;
  artifacts: ArtifactReader;
  sandbox: SandboxService;
  /** "Check my model" (check-service.ts). */
  check: CheckService;
}

export function createDesktopServices(ports: DesktopPorts): DesktopServices {
  const settings = new AppSettings(ports.settings);
  const executor = new ExecutorService({ limits: DEFAULT_LIMITS, dataDir: ports.dataDir });
  const store = new FileConversationStore(path.join(ports.dataDir, 'conversations'));
  const files = new FileGrants(ports.dataDir);
  const conversations = new ConversationManager({
    executor,
    store,
    files,
    ports,
    settings: settings.current,
  });
  const saved = {
    conversation: (id: string) => conversations.get(id),
    workspaceDir: (id: string) => store.workspaceDir(id),
  };
  return {
    ports,
    settings,
    executor,
    files,
    conversations,
    exports: new ExportService({ ports, ...saved }),
    artifacts: new ArtifactReader(saved),
    sandbox: new SandboxService(executor, ports.events, settings.current),
    check: new CheckService({
      executor,
      settings: settings.current,
      secrets: ports.secrets,
      events: ports.events,
      dataDir: ports.dataDir,
    }),
  };
}

/** A file opened from outside the window (double-click, argv): a new conversation on it. */
export async function openExternalFile(services: DesktopServices, file: string): Promise<string> {
  const granted = await services.files.grant(file);
  // a file from outside (double-click, drop, second instance) never runs code unattended unverified
  return (await services.conversations.start(granted.fileId, undefined, 'outside')).id;
}

export async function shutdownServices(services: DesktopServices): Promise<void> {
  await services.check.shutdown();
  await services.conversations.shutdown();
  await services.executor.shutdown();
}

/** The handlers of one feature: exactly the contract's channels named `feature:…`. */
export type FeatureHandlers<F extends string> = Pick<Handlers, Extract<InvokeChannel, `${F}:${string}`>>;
