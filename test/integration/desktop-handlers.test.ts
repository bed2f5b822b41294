// The main process's handlers (electron/core/desktop) over the real core services. Faked, because
// they need Electron or the OS: dialogs, shell, the keychain (safeStorage) — say so in the names.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../electron/model/agent/events';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { createHandlers, type DesktopApp } from '../../electron/core/desktop/handlers';
import type { SandboxStatus } from '../../electron/shared/contract';
import { validateArgs } from '../../electron/shared/validate';
import { startOpenAIServer } from '../support/openai-server';
import { fakeDesktop, fakePorts, finished as finishedIn } from './support/desktop';
import { SALES_CSV } from './support/env';

let root: string;
let app: DesktopApp;
const fake = fakeDesktop();
const { secrets, events, opened, revealed, external } = fake;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-desktop-'));
  // an old (v1) settings file: migrated on load
  writeFileSync(
    path.join(root, 'settings.json'),
    JSON.stringify({ version: 1, timeoutMs: 30_000, executionMode: 'local', theme: 'dark' }),
  );
  app = await createHandlers(fakePorts(fake, root, path.join(root, 'settings.json')));
});
afterAll(async () => {
  await app.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const finished = (id: string, timeoutMs?: number) => finishedIn(app, id, timeoutMs);

describe('settings (stored by a JSON file here; electron-store in the app)', () => {
  it('migrates a v1 settings file and writes it back as v3', async () => {
    const s = await app['settings:get']();
    expect(s).toMatchObject({
      version: 3,
      approval: 'unsandboxed',
      timeoutSeconds: 30,
      securityMode: 'local',
      theme: 'dark',
      provider: 'builtin',
    });
    expect(JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8')).version).toBe(3);
  });

  it('validates updates: the contract refuses a bad value before the handler sees it', async () => {
    expect(() => validateArgs('settings:update', [{ timeoutSeconds: -5 }])).toThrow(
      /invalid call to settings:update/,
    );
    expect(() => validateArgs('settings:update', [{ version: 9 }])).toThrow();
    expect((await app['settings:update']({ approval: 'unsandboxed' })).approval).toBe('unsandboxed');
    // local mode with bubblewrap, verified by the probe: no confirmation needed
    await app['settings:update']({ approval: 'never' });
  });

  it('"never ask" where no sandbox is verified needs an explicit confirmation', async () => {
    await app['settings:update']({ approval: 'unsandboxed' });
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    try {
      expect((await app['sandbox:status'](true)).verifying).toBe(true);
      await expect(app['settings:update']({ approval: 'never' })).rejects.toThrow(/needs your confirmation/);
      expect((await app['settings:get']()).approval).toBe('unsandboxed');
      const s = await app['settings:update']({ approval: 'never' }, { confirmUnsandboxed: true });
      expect(s.approval).toBe('never');
      expect(() =>
        validateArgs('settings:update', [{ approval: 'never' }, { confirmUnsandboxed: false }]),
      ).toThrow();
    } finally {
      delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
      await app['sandbox:status'](true, true);
    }
  });
});

describe('secrets (OS keychain faked)', () => {
  it('gives the renderer only provider, hasKey, the last 4 characters and the origin', async () => {
    const status = await app['secrets:set']({ key: 'sk-test-abcdefgh1234' });
    expect(status).toEqual({
      provider: 'openai',
      hasKey: true,
      hint: '1234',
      storage: 'keychain',
      encryptionAvailable: true,
      origin: 'https://api.openai.com',
      usableHere: true,
    });
    expect(JSON.stringify(status)).not.toContain('abcdefgh');
    expect(secrets.ciphertext).not.toContain('sk-test');
    expect(await app['secrets:clear']()).toMatchObject({ hasKey: false, hint: null, storage: 'none' });
  });

  it('refuses to store a key when the OS cannot encrypt, but keeps it for the session if asked', async () => {
    secrets.encryptionAvailable = false;
    try {
      await expect(app['secrets:set']({ key: 'sk-nope-0000' })).rejects.toThrow(/no OS encryption/);
      expect(await app['secrets:set']({ key: 'sk-session-9999', sessionOnly: true })).toMatchObject({
        hasKey: true,
        hint: '9999',
        storage: 'session',
      });
      expect(secrets.ciphertext).toBeNull();
    } finally {
      secrets.encryptionAvailable = true;
      await app['secrets:clear']();
    }
  });

  it('sends the key only to the origin it was saved for, whatever base URL the renderer names', async () => {
    const server = await startOpenAIServer([], { models: ['b-model', 'a-model'] });
    const other = await startOpenAIServer([], { models: ['x-model'] });
    const before = await app['settings:get']();
    try {
      await app['settings:update']({ provider: 'compatible', baseUrl: server.url });
      expect(await app['secrets:set']({ key: 'sk-models-key-7777' })).toMatchObject({
        origin: new URL(server.url).origin,
        usableHere: true,
      });
      expect(await app['models:list']({ baseUrl: server.url })).toEqual(['a-model', 'b-model']);
      const result = await app['models:test']({ baseUrl: server.url });
      expect(result).toMatchObject({ ok: true, models: ['a-model', 'b-model'] });
      expect(JSON.stringify(result)).not.toContain('sk-models');
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([
        'Bearer sk-models-key-7777',
        'Bearer sk-models-key-7777',
      ]);
      // another server (another port: another origin) never receives it, also after a settings change
      expect(await app['models:list']({ baseUrl: other.url })).toEqual(['x-model']);
      await app['settings:update']({ baseUrl: other.url });
      expect(await app['secrets:status']()).toMatchObject({ hasKey: true, usableHere: false });
      expect(await app['models:test']({ baseUrl: other.url })).toMatchObject({ ok: true });
      expect(other.requests.length).toBe(2);
      expect(other.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(other.requests.map((r) => r.raw).join('\n')).not.toContain('sk-models');
    } finally {
      await app['settings:update']({ provider: before.provider, baseUrl: before.baseUrl });
      await Promise.all([server.close(), other.close()]);
      await app['secrets:clear']();
    }
  });
});

describe('the key in a conversation (OS keychain faked)', () => {
  it('a key saved while a conversation is open is used from its next reply on', async () => {
    const server = await startOpenAIServer([
      { reply: 'No key yet. TERMINATE' },
      { reply: 'Now with a key. TERMINATE' },
    ]);
    const before = await app['settings:get']();
    try {
      await app['settings:update']({ provider: 'compatible', baseUrl: server.url, model: 'm' });
      fake.openQueue = [SALES_CSV];
      const file = (await app['files:choose']())!;
      const { id } = await app['conversations:start']({ fileId: file.fileId, question: 'Hello?' });
      await finished(id);
      await app['secrets:set']({ key: 'sk-conversation-5555' });
      await app['conversations:send'](id, 'And now?');
      await finished(id);
      const auth = server.chatRequests().map((r) => r.headers.authorization);
      expect(auth).toEqual([undefined, 'Bearer sk-conversation-5555']);
      const conversation = await app['conversations:get'](id);
      expect(JSON.stringify(conversation)).not.toContain('sk-conversation');
    } finally {
      await app['settings:update']({
        provider: before.provider,
        baseUrl: before.baseUrl,
        model: before.model,
      });
      await app['secrets:clear']();
      await server.close();
    }
  });
});

describe('files (open dialog faked)', () => {
  it('grants a chosen file, previews it and remembers it', async () => {
    fake.openQueue = [SALES_CSV, null];
    const file = (await app['files:choose']())!;
    expect(file).toMatchObject({ name: 'sales.csv', size: 403 });
    expect(await app['files:choose']()).toBeNull();
    const preview = await app['files:preview'](file.fileId, { offset: 2, limit: 2 });
    expect(preview).toMatchObject({ rows: 10, available: 10, offset: 2 });
    expect(preview.cells).toEqual([
      ['2026-01-19', 'Widget Pro', 'East', '8900', '89'],
      ['2026-02-03', 'Widget Pro', 'North', '14200', '142'],
    ]);
    expect(await app['files:brief'](file.fileId, 'none')).not.toContain('revenue');
    expect((await app['files:recent']()).map((f) => f.path)).toContain(SALES_CSV);
  });

  it('previews a spreadsheet export from its first data row, not its title lines', async () => {
    const exported = path.join(root, 'export.csv');
    writeFileSync(
      exported,
      'Shop export,,\nGenerated 2026-04-01,,\n\nday,item,amount\n2026-04-01,tea,3.5\n2026-04-02,cake,4\n',
    );
    fake.openQueue = [exported];
    const file = (await app['files:choose']())!;
    const preview = await app['files:preview'](file.fileId, { offset: 0, limit: 5 });
    expect(preview.rows).toBe(2);
    expect(preview.columns.map((c) => c.name)).toEqual(['day', 'item', 'amount']);
    expect(preview.cells).toEqual([
      ['2026-04-01', 'tea', '3.5'],
      ['2026-04-02', 'cake', '4'],
    ]);
  });

  it("finds a conversation's file again without moving it up the recent list", async () => {
    const other = path.join(root, 'other.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    fake.openQueue = [SALES_CSV];
    const sales = (await app['files:choose']())!;
    const { id } = await app['conversations:start']({ fileId: sales.fileId });
    await finished(id);
    await app['files:grant-dropped']([{ name: 'other.csv', path: other }]);
    const before = (await app['files:recent']()).map((f) => f.path);
    expect(before.slice(0, 2)).toEqual([other, SALES_CSV]);
    expect(await app['files:of-conversation'](id)).toMatchObject({ fileId: sales.fileId });
    expect((await app['files:recent']()).map((f) => f.path)).toEqual(before);
  });

  it('knows only the files the user chose', async () => {
    await expect(app['files:preview']('fdeadbeef', { offset: 0, limit: 1 })).rejects.toThrow(
      'unknown file: open it again',
    );
  });

  it('takes only CSV/TSV/TXT files by drop (the path comes from the renderer)', async () => {
    const secret = path.join(root, 'id_rsa');
    writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    await expect(app['files:grant-dropped']([{ name: 'id_rsa', path: secret }])).rejects.toThrow(
      /^id_rsa: only \.csv, \.tsv and \.txt files can be dropped here; use Open… for other files$/,
    );
    const folder = path.join(root, 'folder.csv');
    mkdirSync(folder);
    await expect(app['files:grant-dropped']([{ name: 'folder.csv', path: folder }])).rejects.toThrow(
      /^cannot read folder\.csv: it is not a file$/,
    );
    const [tsv] = await app['files:grant-dropped']([{ name: 'sales.csv', path: SALES_CSV }]);
    expect(tsv).toMatchObject({ name: 'sales.csv' });
    // the open dialog (where main asks the OS itself) still opens any file
    fake.openQueue = [secret];
    expect(await app['files:choose']()).toMatchObject({ name: 'id_rsa' });
  });

  it('reports a bad file in one line when an analysis starts', async () => {
    const empty = path.join(root, 'empty.csv');
    writeFileSync(empty, '');
    const [granted] = await app['files:grant-dropped']([{ name: 'empty.csv', path: empty }]);
    await expect(app['conversations:start']({ fileId: granted!.fileId })).rejects.toThrow(
      /^empty\.csv is empty$/,
    );
  });
});

describe('conversations', () => {
  it('runs the built-in analyst, streams its events and lists it', async () => {
    fake.openQueue = [SALES_CSV];
    const file = (await app['files:choose']())!;
    events.length = 0;
    const { id } = await app['conversations:start']({ fileId: file.fileId });
    await finished(id);
    const conv = await app['conversations:get'](id);
    expect(conv.stopReason).toBe('terminated');
    const mine = events.filter(
      (e) =>
        e.channel === 'conversation:event' && (e.payload as { conversationId: string }).conversationId === id,
    );
    expect(mine.map((e) => (e.payload as { event: AgentEvent }).event.type)).toEqual(
      expect.arrayContaining(['started', 'delta', 'block-output', 'finished']),
    );
    expect((await app['conversations:list']()).some((s) => s.id === id)).toBe(true);

    const image = conv.messages
      .flatMap((m) => (m.role === 'assistant' ? m.blocks : []))
      .flatMap((b) => b.result?.artifacts ?? [])
      .find((a) => a.kind === 'image');
    if (image)
      expect((await app['conversations:artifact'](id, image.name)).dataUrl).toMatch(
        /^data:image\/png;base64,iVBOR/,
      );
    await expect(app['conversations:artifact'](id, '../../settings.json')).rejects.toThrow(
      'is not a file of this conversation',
    );
    await expect(app['conversations:artifact'](id, 'sales.csv')).rejects.toThrow(
      'is not a file of this conversation',
    );

    fake.saveDir = mkdtempSync(path.join(root, 'exports-'));
    const exported = (await app['conversations:export'](id, 'html'))!;
    expect(readFileSync(exported.path, 'utf8')).toContain('Widget Pro');
    expect(exported).toMatchObject({ format: 'html', open: true, reveal: false });
    await app['exports:open'](exported.exportId);
    expect(opened).toEqual([exported.path]);
    // a script is never opened (it would run outside the sandbox), only shown in its folder
    const script = (await app['conversations:export'](id, 'py'))!;
    expect(script).toMatchObject({ format: 'py', open: false, reveal: true });
    await expect(app['exports:open'](script.exportId)).rejects.toThrow(/not opened from Plotwright/);
    expect(opened).toEqual([exported.path]);
    await app['exports:reveal'](script.exportId);
    expect(revealed).toEqual([script.path]);
    fake.saveDir = null;
    expect(await app['conversations:export'](id, 'md')).toBeNull(); // the save dialog was cancelled

    expect((await app['conversations:rename'](id, 'Sales review')).title).toBe('Sales review');
    await app['conversations:delete'](id);
    expect((await app['conversations:list']()).some((s) => s.id === id)).toBe(false);
  });

  it('recovers through conversations:recover: Regenerate writes the last reply again', async () => {
    fake.openQueue = [SALES_CSV];
    const file = (await app['files:choose']())!;
    const { id } = await app['conversations:start']({ fileId: file.fileId });
    await finished(id);
    const before = await app['conversations:get'](id);
    const last = before.messages.filter((m) => m.role === 'assistant').at(-1)!;
    await app['conversations:recover'](id, 'regenerate');
    await expect
      .poll(async () => (await app['conversations:get'](id)).seq ?? 0)
      .toBeGreaterThan(before.seq ?? 0);
    await finished(id);
    const after = await app['conversations:get'](id);
    const replies = after.messages.filter((m) => m.role === 'assistant');
    expect(replies.some((m) => m.id === last.id)).toBe(false);
    expect(replies.at(-1)).toMatchObject({ regenerated: 1, content: last.content }); // the analyst is deterministic
    expect(after.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    // the built-in analyst takes over only where a run stopped offering it, never on request alone
    await expect(app['conversations:recover'](id, 'use-builtin')).rejects.toThrow(
      /takes over only where a model failed/,
    );
    await app['conversations:delete'](id);
  });

  it('waits for approval, and a rejection reaches the model (always mode)', async () => {
    await app['settings:update']({ approval: 'always' });
    try {
      fake.openQueue = [SALES_CSV];
      const file = (await app['files:choose']())!;
      const { id } = await app['conversations:start']({ fileId: file.fileId });
      const deadline = Date.now() + 20_000;
      let waiting: AssistantMessage | undefined;
      while (!waiting && Date.now() < deadline) {
        const conv = await app['conversations:get'](id);
        waiting = conv.messages.find(
          (m): m is AssistantMessage =>
            m.role === 'assistant' && m.blocks.some((b) => b.status === 'awaiting-approval'),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(waiting).toBeDefined();
      await expect(
        app['conversations:approve']({
          conversationId: id,
          messageId: 'nope',
          index: 0,
          decision: { action: 'run' },
        }),
      ).rejects.toThrow('nothing is waiting');
      await app['conversations:approve']({
        conversationId: id,
        messageId: waiting!.id,
        index: 0,
        decision: { action: 'reject', feedback: 'not now' },
      });
      // the feedback goes back to the model as the executor's reply; then stop (the analyst would ask again)
      const sent = async () =>
        (await app['conversations:get'](id)).messages.some((m) => m.role === 'execution');
      for (const end = Date.now() + 10_000; !(await sent()) && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 50));
      await app['conversations:cancel'](id);
      await finished(id);
      const conv = await app['conversations:get'](id);
      expect(conv.messages.find((m) => m.role === 'execution')?.content).toContain('Their feedback: not now');
      expect(['cancelled', 'terminated']).toContain(conv.stopReason);
    } finally {
      await app['settings:update']({ approval: 'never' });
    }
  });
});

describe('links (shell faked)', () => {
  it('opens only http(s) links', async () => {
    await app['links:open']('https://example.com/docs');
    expect(external).toEqual(['https://example.com/docs']);
    await expect(app['links:open']('javascript:alert(1)')).rejects.toThrow('only http(s) links');
    await expect(app['links:open']('file:///etc/passwd')).rejects.toThrow('only http(s) links');
  });
});

describe('sandbox status', () => {
  it('says where code would run and what is not isolated', async () => {
    const status = await app['sandbox:status'](true);
    expect(status.local.python).toMatch(/^Python 3/);
    expect(status.docker.ok).toBe(true);
    expect(status.image.tag).toMatch(/^plotwright-sandbox:/);
    // securityMode is `local` (migrated from v1): bubblewrap here; isolated only once the probe says so
    expect(status).toMatchObject({
      effectiveMode: 'local',
      isolated: false,
      isolation: null,
      verifying: true,
    });
    const pushed = await new Promise<SandboxStatus>((resolve) => {
      const timer = setInterval(() => {
        const last = events.filter((e) => e.channel === 'sandbox:status').at(-1)?.payload as SandboxStatus;
        if (last && !last.verifying && last.isolation) {
          clearInterval(timer);
          resolve(last);
        }
      }, 50);
    });
    expect(pushed).toMatchObject({ effectiveMode: 'local', isolated: true, warnings: [] });
    expect(pushed.isolation?.runner).toMatch(/^bubblewrap /);
    expect(pushed.isolation?.checks.every((c) => c.passed)).toBe(true);
  });

  it('a verdict is not taken from configuration: no OS sandbox is "not isolated", naming the checks', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    try {
      const status = await app['sandbox:status'](true, true);
      expect(status).toMatchObject({ effectiveMode: 'local', isolated: false, verifying: false });
      expect(status.isolation?.failed).toContain('network');
      expect(status.warnings[0]).toMatch(/^Isolation NOT verified \(no OS sandbox\)/);
    } finally {
      delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
      await app['sandbox:status'](true, true);
    }
  });
});
