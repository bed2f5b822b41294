// Each opened file is profiled (streamed and hashed) once: FileGrants profiles it when the
// preview or the brief asks, and the conversation started on it reuses that profile instead of
// reading the file again (a real cost at 1 GB). Dialogs, shell and keychain faked.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createHandlers, type DesktopApp } from '../../electron/core/desktop/handlers';
import * as profiler from '../../electron/core/data/profile';
import { fakeDesktop, fakePorts, finished } from './support/desktop';
import { SALES_CSV } from './support/env';

vi.mock('../../electron/core/data/profile', async (importOriginal) => {
  const real = await importOriginal<typeof profiler>();
  return { ...real, profileFile: vi.fn(real.profileFile) };
});

let root: string;
let app: DesktopApp;
const fake = fakeDesktop();

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-profile-once-'));
  const settingsFile = path.join(root, 'settings.json');
  // code is shown, never run: this test is about reading the file
  writeFileSync(settingsFile, JSON.stringify({ version: 3, securityMode: 'off', provider: 'builtin' }));
  app = await createHandlers(fakePorts(fake, root, settingsFile));
});
afterAll(async () => {
  await app.shutdown();
  rmSync(root, { recursive: true, force: true });
});

it('profiles a chosen file once: its preview, brief and the conversation started on it share one read', async () => {
  const file = path.join(root, 'sales.csv');
  copyFileSync(SALES_CSV, file);
  const reads = () => vi.mocked(profiler.profileFile).mock.calls.filter(([p]) => p === file).length;
  fake.openQueue.push(file);
  const granted = await app['files:choose']();
  expect(granted?.path).toBe(file);
  const preview = await app['files:preview'](granted!.fileId, { offset: 0, limit: 10 });
  expect(preview.rows).toBeGreaterThan(0);
  await app['files:brief'](granted!.fileId, 'schema');
  expect(reads()).toBe(1);
  const { id } = await app['conversations:start']({ fileId: granted!.fileId });
  await finished(app, id);
  const conversation = await app['conversations:get'](id);
  expect(conversation.file?.rows).toBe(preview.rows);
  expect(reads()).toBe(1);
  // a second conversation on the same, unchanged file: still that one read
  const second = await app['conversations:start']({ fileId: granted!.fileId, question: 'Total revenue?' });
  await finished(app, second.id);
  expect(reads()).toBe(1);
});
