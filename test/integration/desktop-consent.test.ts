// Consent in the desktop app's handlers: a file from outside the window (double-click, second
// instance, drop) never starts code unattended where no sandbox is verified, whatever the approval
// setting; a file chosen in the app follows the user's setting. Real core, real Python; the
// Electron-only ports faked (dialogs, shell, keychain), as the test names say.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type DesktopApp } from '../../electron/core/desktop/handlers';
import { fakeDesktop, fakePorts, finished as finishedIn } from './support/desktop';
import { SALES_CSV } from './support/env';

let root: string;
let app: DesktopApp;
const fake = fakeDesktop();

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-desktop-consent-'));
  app = await createHandlers(fakePorts(fake, root, path.join(root, 'settings.json')));
  await app['settings:update']({ securityMode: 'local' });
});
afterAll(async () => {
  await app.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const finished = (id: string) => finishedIn(app, id);

describe('files from outside the window never run code unattended on an unverified sandbox', () => {
  const awaiting = async (id: string) => {
    for (const end = Date.now() + 20_000; Date.now() < end;) {
      const conv = await app['conversations:get'](id);
      const blocks = conv.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []));
      if (blocks.some((b) => b.status === 'awaiting-approval')) return conv;
      if (blocks.some((b) => b.status === 'succeeded' || b.status === 'failed')) return conv;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no block ran or waited');
  };

  for (const how of ['double-click / second instance', 'drop'] as const) {
    it(`${how}: asks even when the user chose "never ask"`, async () => {
      process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
      await app['settings:update']({ approval: 'never' }, { confirmUnsandboxed: true });
      try {
        const id =
          how === 'drop'
            ? (
                await app['conversations:start']({
                  fileId: (await app['files:grant-dropped']([{ name: 'sales.csv', path: SALES_CSV }]))[0]!
                    .fileId,
                })
              ).id
            : await app.openExternalFile(SALES_CSV);
        const conv = await awaiting(id);
        expect(conv.settings.approval).toBe('unsandboxed');
        const blocks = conv.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []));
        expect(blocks.map((b) => b.status)).toContain('awaiting-approval');
        await app['conversations:cancel'](id);
        await finished(id);
      } finally {
        delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
        await app['settings:update']({ approval: 'unsandboxed' });
      }
    });
  }

  it('a file chosen in the app under "never ask" runs without asking (the user chose both)', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    await app['settings:update']({ approval: 'never' }, { confirmUnsandboxed: true });
    try {
      fake.openQueue = [SALES_CSV];
      const file = (await app['files:choose']())!;
      const { id } = await app['conversations:start']({ fileId: file.fileId });
      const conv = await awaiting(id);
      expect(conv.settings.approval).toBe('never');
      await app['conversations:cancel'](id);
      await finished(id);
    } finally {
      delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
      await app['settings:update']({ approval: 'unsandboxed' });
    }
  });
});
