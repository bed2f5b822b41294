// Reading files the sandboxed code wrote: one open (no symlink followed, no FIFO waited on), the
// handle checked (regular, one link, size, inside the workspace), then read from that handle.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  copyWorkspaceFile,
  createWorkspaceFile,
  openWorkspaceFile,
  readWorkspaceFile,
  readWorkspaceFileSync,
  workspaceNameSegments,
  type SafeFileOptions,
} from '../../electron/core/exec/safe-file';

let tmp: string;
let ws: string;
let secretFile: string;
const SECRET = `host-secret-${Math.random().toString(36).slice(2)}`;
const FIGURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-safe-file-'));
  ws = path.join(tmp, 'ws');
  mkdirSync(path.join(ws, 'figs'), { recursive: true });
  mkdirSync(path.join(tmp, 'elsewhere'));
  secretFile = path.join(tmp, 'elsewhere', 'secret.png');
  writeFileSync(secretFile, SECRET, { mode: 0o600 });
  writeFileSync(path.join(ws, 'plot.png'), FIGURE);
  writeFileSync(path.join(ws, 'figs', 'inner.png'), FIGURE);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const CHECKS: SafeFileOptions['check'][] = ['proc', 'portable'];
const opts = (check: SafeFileOptions['check'], maxBytes = 1024): SafeFileOptions => ({ maxBytes, check });

describe.each(CHECKS)('reading a workspace file (%s check)', (check) => {
  it('reads a regular file, in a folder too, sync and async', async () => {
    for (const name of ['plot.png', 'figs/inner.png']) {
      expect(await readWorkspaceFile(ws, name, opts(check))).toEqual({ ok: true, data: FIGURE, size: 11 });
      expect(readWorkspaceFileSync(ws, name, opts(check))).toEqual({ ok: true, data: FIGURE, size: 11 });
    }
  });

  it('refuses a symlink as the last component, wherever it points', async () => {
    symlinkSync(secretFile, path.join(ws, `out-${check}.png`));
    symlinkSync(path.join(ws, 'plot.png'), path.join(ws, `in-${check}.png`));
    for (const name of [`out-${check}.png`, `in-${check}.png`]) {
      const r = await readWorkspaceFile(ws, name, opts(check));
      expect(r).toEqual({ ok: false, reason: 'not-regular', note: 'skipped: not a regular file' });
      expect(readWorkspaceFileSync(ws, name, opts(check))).toMatchObject({
        ok: false,
        reason: 'not-regular',
      });
    }
  });

  it('refuses a path through a symlinked folder, even one that stays inside the workspace', async () => {
    symlinkSync(path.join(tmp, 'elsewhere'), path.join(ws, `dir-out-${check}`));
    symlinkSync(path.join(ws, 'figs'), path.join(ws, `dir-in-${check}`));
    const out = await readWorkspaceFile(ws, `dir-out-${check}/secret.png`, opts(check));
    expect(out).toEqual({ ok: false, reason: 'outside', note: 'skipped: outside the workspace' });
    expect(readWorkspaceFileSync(ws, `dir-in-${check}/inner.png`, opts(check))).toMatchObject({
      ok: false,
      reason: 'outside',
    });
  });

  it('refuses a hard link (the same file may have a name outside the workspace)', async () => {
    const name = `hard-${check}.png`;
    linkSync(secretFile, path.join(ws, name));
    try {
      const r = await readWorkspaceFile(ws, name, opts(check));
      expect(r).toMatchObject({ ok: false, reason: 'hard-link' });
      expect(JSON.stringify(r)).not.toContain(SECRET);
    } finally {
      unlinkSync(path.join(ws, name));
    }
  });

  it('refuses a FIFO at once (no writer is waited for) and a folder', async () => {
    const fifo = path.join(ws, `pipe-${check}.png`);
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(await readWorkspaceFile(ws, `pipe-${check}.png`, opts(check))).toMatchObject({
      ok: false,
      reason: 'not-regular',
    });
    expect(readWorkspaceFileSync(ws, `pipe-${check}.png`, opts(check))).toMatchObject({
      reason: 'not-regular',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(readWorkspaceFileSync(ws, 'figs', opts(check))).toMatchObject({ reason: 'not-regular' });
  });

  it('refuses a file over the limit, saying how large', async () => {
    const r = await readWorkspaceFile(ws, 'plot.png', opts(check, 10));
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    expect(r.ok ? '' : r.note).toMatch(/^skipped: too large \(11 B, the limit is 10 B\)$/);
    expect(readWorkspaceFileSync(ws, 'plot.png', opts(check, 11))).toMatchObject({ ok: true });
  });
});

describe('names', () => {
  it('accepts plain relative names only', () => {
    expect(workspaceNameSegments('figs/plot.png')).toEqual(['figs', 'plot.png']);
    for (const bad of [
      '',
      '/etc/passwd',
      '../ws/plot.png',
      'figs/../../secret.png',
      'figs/..',
      './plot.png',
      'figs//plot.png',
      'figs/',
      'plot.png\0.txt',
      'figs\\..\\..\\secret.png',
      'C:/Windows/win.ini',
    ])
      expect(workspaceNameSegments(bad), JSON.stringify(bad)).toBeNull();
  });

  it('reads nothing for a bad or missing name', async () => {
    expect(await readWorkspaceFile(ws, '../elsewhere/secret.png', opts('proc'))).toEqual({
      ok: false,
      reason: 'bad-name',
      note: 'skipped: not a plain name inside the workspace',
    });
    expect(await readWorkspaceFile(ws, secretFile, opts('proc'))).toMatchObject({ reason: 'bad-name' });
    expect(await readWorkspaceFile(ws, 'gone.png', opts('proc'))).toMatchObject({ reason: 'missing' });
    expect(await readWorkspaceFile(path.join(tmp, 'no-ws'), 'plot.png', opts('proc'))).toMatchObject({
      reason: 'missing',
    });
  });
});

describe('a swap after the checks cannot matter: the handle is read', () => {
  const swap = (name: string) => {
    unlinkSync(path.join(ws, name));
    symlinkSync(secretFile, path.join(ws, name));
  };

  /** Swaps `name` for a symlink to the secret just before the first read of its handle. */
  function swapBeforeRead(name: string) {
    const realOpen = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      if (String(args[0]).endsWith(`/${name}`)) {
        const realRead = handle.read.bind(handle) as (...a: unknown[]) => Promise<unknown>;
        let swapped = false;
        (handle as { read: unknown }).read = (...a: unknown[]) => {
          if (!swapped) swap(name);
          swapped = true;
          return realRead(...a);
        };
      }
      return handle;
    });
  }

  it('openWorkspaceFile: the opened handle still reads the figure', async () => {
    writeFileSync(path.join(ws, 'swap-open.png'), FIGURE);
    const opened = await openWorkspaceFile(ws, 'swap-open.png', opts('proc'));
    if (!opened.ok) throw new Error(opened.note);
    swap('swap-open.png');
    try {
      expect((await opened.handle.readFile()).equals(FIGURE)).toBe(true);
    } finally {
      await opened.handle.close();
    }
  });

  it.each(CHECKS)(
    'readWorkspaceFile and copyWorkspaceFile (%s): the figure, never the swapped-in file',
    async (check) => {
      writeFileSync(path.join(ws, `swap-read-${check}.png`), FIGURE);
      swapBeforeRead(`swap-read-${check}.png`);
      expect(await readWorkspaceFile(ws, `swap-read-${check}.png`, opts(check))).toEqual({
        ok: true,
        data: FIGURE,
        size: 11,
      });
      expect(lstatSync(path.join(ws, `swap-read-${check}.png`)).isSymbolicLink()).toBe(true);
      vi.restoreAllMocks();

      writeFileSync(path.join(ws, `swap-copy-${check}.png`), FIGURE);
      swapBeforeRead(`swap-copy-${check}.png`);
      const dest = path.join(tmp, `copied-${check}.png`);
      expect(await copyWorkspaceFile(ws, `swap-copy-${check}.png`, dest, opts(check))).toEqual({
        ok: true,
        size: 11,
      });
      expect(lstatSync(path.join(ws, `swap-copy-${check}.png`)).isSymbolicLink()).toBe(true);
      expect(readFileSync(dest)).toEqual(FIGURE);
    },
  );

  it.each(CHECKS)('a swap between the open and the checks (%s) is refused, never read', async (check) => {
    const name = `swap-early-${check}.png`;
    writeFileSync(path.join(ws, name), FIGURE);
    const realOpen = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      if (String(args[0]).endsWith(`/${name}`)) {
        renameSync(path.join(ws, name), path.join(ws, `${name}.moved`));
        symlinkSync(secretFile, path.join(ws, name));
      }
      return handle;
    });
    // the opened file no longer is the one the name gives: not provably the workspace's
    expect(await readWorkspaceFile(ws, name, opts(check))).toMatchObject({ reason: 'outside' });
  });
});

describe('copying', () => {
  it('never writes through or over something at the destination', async () => {
    const victim = path.join(tmp, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const dest = path.join(tmp, 'dest-link.png');
    symlinkSync(victim, dest);
    await expect(copyWorkspaceFile(ws, 'plot.png', dest, opts('proc'))).rejects.toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });

  it('leaves nothing behind when the source is refused', async () => {
    symlinkSync(secretFile, path.join(ws, 'copy-link.png'));
    const dest = path.join(tmp, 'never.png');
    expect(await copyWorkspaceFile(ws, 'copy-link.png', dest, opts('proc'))).toMatchObject({
      reason: 'not-regular',
    });
    expect(await copyWorkspaceFile(ws, 'plot.png', dest, opts('proc', 4))).toMatchObject({
      reason: 'too-large',
    });
    expect(existsSync(dest)).toBe(false);
  });
});

describe('creating a file in the workspace (copy-back)', () => {
  it('removes a planted symlink rather than writing through it', async () => {
    const victim = path.join(tmp, 'elsewhere', 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, path.join(ws, 'planted.csv'));
    const created = await createWorkspaceFile(ws, 'planted.csv');
    if (!created.ok) throw new Error(created.note);
    await created.handle.writeFile('new content');
    await created.handle.close();
    expect(lstatSync(path.join(ws, 'planted.csv')).isFile()).toBe(true);
    expect(readFileSync(path.join(ws, 'planted.csv'), 'utf8')).toBe('new content');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });

  it('creates missing folders but never goes through a symlinked one', async () => {
    const created = await createWorkspaceFile(ws, 'new/deeper/out.csv');
    if (!created.ok) throw new Error(created.note);
    await created.handle.close();
    expect(lstatSync(path.join(ws, 'new', 'deeper')).isDirectory()).toBe(true);

    symlinkSync(path.join(tmp, 'elsewhere'), path.join(ws, 'linked'));
    expect(await createWorkspaceFile(ws, 'linked/out.csv')).toMatchObject({ ok: false, reason: 'outside' });
    expect(existsSync(path.join(tmp, 'elsewhere', 'out.csv'))).toBe(false);
    expect(await createWorkspaceFile(ws, 'figs')).toMatchObject({ ok: false, reason: 'not-regular' });
    expect(await createWorkspaceFile(ws, '../escape.csv')).toMatchObject({ ok: false, reason: 'bad-name' });
  });
});
