// The desktop handlers over the real core with the Electron-only ports faked (dialogs, shell,
// keychain): one setup for the tests of electron/core/desktop.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DesktopApp } from '../../../electron/core/desktop/handlers';
import type { DesktopPorts } from '../../../electron/core/desktop/ports';
import { chromiumPdfRenderer } from '../../../electron/core/report/pdf';
import type { EventChannel } from '../../../electron/shared/contract';
import { FakeKeychainSecretStore } from '../../support/fake-keychain';

/** What the faked ports record, and what the tests feed them. */
export interface FakeDesktop {
  secrets: FakeKeychainSecretStore;
  events: { channel: EventChannel; payload: unknown }[];
  opened: string[];
  revealed: string[];
  external: string[];
  openQueue: (string | null)[];
  saveDir: string | null;
}

export function fakeDesktop(): FakeDesktop {
  return {
    secrets: new FakeKeychainSecretStore(true),
    events: [],
    opened: [],
    revealed: [],
    external: [],
    openQueue: [],
    saveDir: null,
  };
}

export function fakePorts(fake: FakeDesktop, dataDir: string, settingsFile: string): DesktopPorts {
  return {
    dialogs: {
      chooseDataFile: async () => fake.openQueue.shift() ?? null,
      chooseSaveLocation: async (name) => (fake.saveDir ? path.join(fake.saveDir, name) : null),
    },
    shell: {
      openPath: async (p) => void fake.opened.push(p),
      showItemInFolder: async (p) => void fake.revealed.push(p),
      openExternal: async (u) => void fake.external.push(u),
    },
    secrets: fake.secrets,
    settings: {
      read: () => (existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : undefined),
      write: (s) => writeFileSync(settingsFile, JSON.stringify(s)),
    },
    events: { emit: (channel, payload) => void fake.events.push({ channel, payload }) },
    pdf: chromiumPdfRenderer(),
    dataDir,
    appVersion: '0.1.0-test',
  };
}

/** Waits until a conversation's run has finished. */
export async function finished(app: DesktopApp, id: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await app['conversations:get'](id)).status !== 'finished') {
    if (Date.now() > deadline) throw new Error('the conversation did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}
