// The file store on a real disk, including crashes in the middle of saving.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileConversationStore, type ConversationStore } from '../../electron/core/agent/store';
import { MemoryConversationStore } from '../support/memory-store';
import { blankConversation } from '../support/conversation';
import { PROJECT_ROOT } from './support/env';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-store-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

for (const [name, make] of [
  ['FileConversationStore', (dir: string) => new FileConversationStore(dir)],
  ['MemoryConversationStore (the fake)', (dir: string) => new MemoryConversationStore(dir)],
] as const) {
  describe(name, () => {
    let store: ConversationStore;
    beforeAll(() => {
      store = make(mkdtempSync(path.join(root, 'store-')));
    });

    it('restores a saved conversation exactly', async () => {
      const conv = {
        ...blankConversation('c1'),
        messages: [{ id: 'u', role: 'user' as const, content: 'Zürich 東京 "quotes" \u2028', at: 'x' }],
      };
      await store.save(conv);
      expect(await store.load('c1')).toEqual(conv);
    });

    it('lists newest first, renames and deletes (with the workspace)', async () => {
      await store.save({ ...blankConversation('c2'), updatedAt: '2026-11-27T00:00:00.000Z' });
      expect((await store.list()).map((s) => s.id)).toEqual(['c2', 'c1']);
      expect((await store.rename('c1', '  Renamed  ')).title).toBe('Renamed');
      expect((await store.list()).find((s) => s.id === 'c1')?.title).toBe('Renamed');
      const ws = store.workspaceDir('c2');
      await import('node:fs/promises').then((fs) => fs.mkdir(ws, { recursive: true }));
      writeFileSync(path.join(ws, 'out.csv'), 'a\n');
      await store.delete('c2');
      expect((await store.list()).map((s) => s.id)).toEqual(['c1']);
      await expect(store.load('c2')).rejects.toThrow('no conversation c2');
      expect(() => readdirSync(ws)).toThrow();
    });
  });
}

describe('FileConversationStore safety', () => {
  it('refuses ids that could escape the data folder', async () => {
    const store = new FileConversationStore(root);
    await expect(store.load('../etc')).rejects.toThrow('no conversation');
    expect(() => store.workspaceDir('a/b')).toThrow();
  });

  it('serialises saves: the last save wins even when they overlap', async () => {
    const store = new FileConversationStore(mkdtempSync(path.join(root, 'order-')));
    const saves = Array.from({ length: 20 }, (_, i) =>
      store.save({ ...blankConversation('c'), title: `v${i}` }),
    );
    await Promise.all(saves);
    expect((await store.load('c')).title).toBe('v19');
  });

  it('says a damaged file is damaged', async () => {
    const dir = mkdtempSync(path.join(root, 'damaged-'));
    const store = new FileConversationStore(dir);
    await store.save(blankConversation('c'));
    writeFileSync(path.join(dir, 'c', 'conversation.json'), '{"version":1,"id":');
    await expect(store.load('c')).rejects.toThrow('the saved conversation c is damaged and cannot be opened');
  });

  it('never leaves a half-written file when the process is killed while saving', async () => {
    const dir = mkdtempSync(path.join(root, 'crash-'));
    const script = `
      import { FileConversationStore } from './electron/core/agent/store.ts';
      const store = new FileConversationStore(${JSON.stringify(dir)});
      const big = 'x'.repeat(2_000_000);
      for (let i = 0; ; i++) {
        await store.save({ version: 1, id: 'c', title: 'v' + i, messages: [{ id: 'm', role: 'user', content: big + i, at: '' }], updatedAt: String(i) });
        if (i === 0) process.stdout.write('saving\\n');
      }`;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(path.join(dir, 'c', 'conversation.json'), 'utf8');
      const parsed = JSON.parse(text) as { title: string; messages: { content: string }[] };
      expect(parsed.messages[0]!.content.endsWith(parsed.title.slice(1))).toBe(true);
    }
    await new FileConversationStore(dir).load('c');
    expect(readdirSync(path.join(dir, 'c')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
