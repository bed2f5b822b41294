// An idle conversation's sandbox is closed (no kernel left running) and reopened by the next
// question. Real executor and store; dialogs, shell and keychain faked.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FileConversationStore } from '../../electron/core/agent/store';
import { ConversationManager } from '../../electron/core/desktop/conversations';
import { FileGrants } from '../../electron/core/desktop/files';
import { DEFAULT_APP_SETTINGS } from '../../electron/model/settings';
import { ExecutorService } from '../../electron/core/exec/executor';
import { FakeKeychainSecretStore } from '../support/fake-keychain';
import { processesMatching, SALES_CSV, waitFor } from './support/env';

const root = mkdtempSync(path.join(os.tmpdir(), 'pw-idle-'));
const executor = new ExecutorService();
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

it('closes the sandbox of an idle conversation, and the next question opens a new one (dialogs, shell, keychain faked)', async () => {
  const store = new FileConversationStore(path.join(root, 'conversations'));
  const files = new FileGrants(root);
  const manager = new ConversationManager(
    {
      executor,
      store,
      files,
      settings: () => ({ ...DEFAULT_APP_SETTINGS, securityMode: 'local' }),
      ports: {
        events: { emit: () => undefined },
        secrets: new FakeKeychainSecretStore(),
      },
    },
    300,
  );
  const { fileId } = await files.grant(SALES_CSV);
  const { id } = await manager.start(fileId);
  const workspace = store.workspaceDir(id);
  const finished = async () => (await manager.get(id)).status === 'finished';
  await waitFor(finished, 60_000, 'the analysis did not finish');
  await waitFor(() => processesMatching(workspace).length === 0, 10_000, 'the idle kernel was not stopped');

  await manager.send(id, 'What is the total revenue?');
  await waitFor(
    async () =>
      (await manager.get(id)).messages.filter((m) => m.role === 'user').length === 2 && (await finished()),
    60_000,
    'the follow-up did not finish',
  );
  const conv = await manager.get(id);
  expect(conv.stopReason).toBe('terminated');
  const last = conv.messages.filter((m) => m.role === 'assistant').at(-1)!;
  expect(last.content).toContain('91,100');
  await manager.shutdown();
});
