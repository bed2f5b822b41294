// The attack on the host's reads of files the code wrote, as an attacker would run it, in both
// sandboxes: a block writes figure.png, then leaves a thread running in the kernel that keeps
// swapping figure.png for a symlink to a 0600 file of the host (outside the workspace) and back.
// The block returns (figure.png is listed as an artifact); the host then exports reports and
// reads the artifact many times while the swap goes on. No byte of the host file may ever reach a
// report or the renderer; a report made while figure.png was a symlink says it was skipped.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import type { ConversationStore } from '../../electron/core/agent/store';
import { ArtifactReader } from '../../electron/core/desktop/artifacts';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import type { ExecMode } from '../../electron/model/exec/types';
import { exportReports } from '../../electron/core/report/index';
import { syntheticContext } from '../support/report-fixture';
import { SALES_CSV } from './support/env';

const ROUNDS = 40;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

function attackCode(target: string): string {
  return `import base64, os, threading, time
PNG = base64.b64decode(${JSON.stringify(PNG.toString('base64'))})
with open('figure.png', 'wb') as f:
    f.write(PNG)

def swap():
    time.sleep(1.0)  # let the block return with figure.png a real file, listed as an artifact
    while True:
        try:
            try:
                os.unlink('.swap-link')
            except FileNotFoundError:
                pass
            os.symlink(${JSON.stringify(target)}, '.swap-link')
            os.replace('.swap-link', 'figure.png')
            with open('.swap-file', 'wb') as f:
                f.write(PNG)
            os.replace('.swap-file', 'figure.png')
        except OSError:
            pass

threading.Thread(target=swap, daemon=True).start()
print('swapping')`;
}

const MODES: { name: string; mode: Exclude<ExecMode, 'auto' | 'off'> }[] = [
  { name: 'local sandbox (bubblewrap)', mode: 'local' },
  { name: 'Docker sandbox', mode: 'docker' },
];

describe.each(MODES)('a figure swapped for a symlink to a host file: $name', ({ mode }) => {
  let root: string;
  let ws: string;
  let secret: string;
  let secretFile: string;
  let executor: ExecutorService;
  let session: ExecSession;
  let conversation: Conversation;
  let artifacts: ArtifactReader;

  /** The secret as it would appear in any report: raw, or base64 (HTML, notebook). */
  const forms = () => [secret, Buffer.from(secret).toString('base64')];
  const leaks = (text: string) => forms().some((f) => text.includes(f));

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pw-swap-'));
    ws = path.join(root, 'ws');
    secret = `host-secret-${randomBytes(18).toString('hex')}`; // 48 characters: clean base64
    secretFile = path.join(root, 'host-secret.txt');
    writeFileSync(secretFile, secret, { mode: 0o600 });
    executor = new ExecutorService({ mode });
    session = await executor.openSession({ workspaceDir: ws, inputs: [SALES_CSV], mode });
    const code = attackCode(secretFile);
    const result = await session.run('python', code);
    expect(result.output).toContain('swapping');
    expect(result.artifacts.map((a) => a.name)).toContain('figure.png');
    const block = { index: 0, language: 'python' as const, code, status: 'succeeded' as const, result };
    const message: AssistantMessage = {
      id: 'a1',
      role: 'assistant',
      at: '2026-03-01T10:00:01.000Z',
      content: `A figure:\n\n\`\`\`python\n${code}\n\`\`\`\n`,
      blocks: [block],
    };
    conversation = syntheticContext(ws, [
      { id: 'u1', role: 'user', at: '2026-03-01T10:00:00.000Z', content: 'Draw it.' },
      message,
    ]).conversation;
    const store = { load: async () => conversation, workspaceDir: () => ws } as unknown as ConversationStore;
    artifacts = new ArtifactReader({
      conversation: (id) => store.load(id),
      workspaceDir: (id) => store.workspaceDir(id),
    });
    // the thread is running: figure.png is seen both ways from the host
    const seen = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (seen.size < 2 && Date.now() < deadline) {
      try {
        seen.add(lstatSync(path.join(ws, 'figure.png')).isSymbolicLink() ? 'link' : 'file');
      } catch {
        // between two renames
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    expect([...seen].sort()).toEqual(['file', 'link']);
  });

  afterAll(async () => {
    await session?.close();
    await executor?.shutdown();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`${ROUNDS} Markdown, HTML and notebook exports: never the host file, a symlink is said to be skipped`, async () => {
    const out = path.join(root, 'out');
    const outcomes = { copied: 0, skipped: 0, symlink: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const [md, html, ipynb] = await exportReports(
        { conversation, workspaceDir: ws },
        ['md', 'html', 'ipynb'],
        out,
        {
          baseName: `r${i}`,
        },
      );
      const text = readFileSync(md!, 'utf8');
      const linked = text.includes(`](r${i}_files/block-1-figure.png)`);
      const skipped = text.match(/figure\.png skipped: ([^*\n]+)/)?.[1];
      expect(linked !== !!skipped, text).toBe(true);
      if (linked) {
        expect(readFileSync(path.join(out, `r${i}_files`, 'block-1-figure.png'))).toEqual(PNG);
        outcomes.copied++;
      } else {
        outcomes.skipped++;
        if (skipped === 'not a regular file') outcomes.symlink++;
      }
      expect(leaks(readFileSync(html!, 'utf8'))).toBe(false);
      expect(leaks(readFileSync(ipynb!, 'utf8'))).toBe(false);
    }
    for (const file of filesUnder(out)) {
      expect(statSync(file).isFile()).toBe(true);
      expect(leaks(readFileSync(file).toString('latin1')), file).toBe(false);
    }
    console.info(
      `${ROUNDS} exports: ${outcomes.copied} with the figure, ${outcomes.skipped} skipped it (${outcomes.symlink} as a symlink)`,
    );
    expect(outcomes.symlink).toBeGreaterThan(0); // "figure.png skipped: not a regular file"
  });

  it(`${ROUNDS} artifact reads for display: the figure or an error, never the host file`, async () => {
    const outcomes = { shown: 0, refused: 0 };
    // at least ROUNDS reads, and more (up to 10×) until the swap has been seen once: the swapper's
    // pace in the sandbox varies with the machine's load
    for (let i = 0; i < ROUNDS || (outcomes.refused === 0 && i < ROUNDS * 10); i++) {
      try {
        const { dataUrl } = await artifacts.read(conversation.id, 'figure.png');
        const data = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
        expect(leaks(data.toString('latin1')) || leaks(dataUrl)).toBe(false);
        expect(data).toEqual(PNG);
        outcomes.shown++;
      } catch (err) {
        const message = (err as Error).message;
        expect(leaks(message)).toBe(false);
        expect(message).toMatch(/^figure\.png /);
        outcomes.refused++;
      }
    }
    console.info(
      `${outcomes.shown + outcomes.refused} artifact reads: ${outcomes.shown} shown, ${outcomes.refused} refused`,
    );
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
