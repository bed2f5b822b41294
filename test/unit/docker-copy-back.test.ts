// The remote engine's copy-back writes into the local workspace, which earlier local blocks of the
// same conversation may have filled with symlinks: nothing is ever written through one. The
// container is faked (its archive API returns a real tar stream); the files are real.
import type Docker from 'dockerode';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packEntries } from '../../electron/core/exec/docker/archive';
import { copyBack } from '../../electron/core/exec/docker/remote';
import type { Workspace } from '../../electron/core/exec/workspace';

let tmp: string;
let ws: Workspace;
const victims: Record<string, string> = {};

/** A container whose files are `files` (path → content), served as Docker's archive API does. */
function fakeContainer(files: Record<string, string>): Docker.Container {
  return {
    getArchive: async ({ path: p }: { path: string }) => {
      const rel = p.replace(/^\/workspace\//, '');
      if (!(rel in files)) throw new Error('no such file');
      return packEntries([
        { name: path.posix.basename(rel), type: 'file', mode: 0o644, content: Buffer.from(files[rel]!) },
      ]);
    },
  } as unknown as Docker.Container;
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-copy-back-'));
  const dir = path.join(tmp, 'ws');
  const elsewhere = path.join(tmp, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(elsewhere);
  ws = { dir, tmpDir: '', homeDir: '', chartsDir: '', inputs: [] };
  for (const name of ['victim.csv', 'victim-partial.csv', 'victim-deep.csv']) {
    victims[name] = path.join(elsewhere, name);
    writeFileSync(victims[name]!, `untouched ${name}`);
  }
  // what a local block of the same conversation could have left behind
  symlinkSync(victims['victim.csv']!, path.join(dir, 'out.csv'));
  symlinkSync(victims['victim-partial.csv']!, path.join(dir, 'new.csv.plotwright-partial'));
  symlinkSync(elsewhere, path.join(dir, 'linked'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('replaces planted symlinks instead of writing through them, and never enters a symlinked folder', async () => {
  const container = fakeContainer({
    'out.csv': 'a,b\n1,2\n',
    'new.csv': 'c\n3\n',
    'linked/victim-deep.csv': 'overwritten',
    'fresh/dir/made.csv': 'd\n4\n',
  });
  const notes = await copyBack(container, '/workspace', ws, [
    { path: 'out.csv', size: 8 },
    { path: 'new.csv', size: 4 },
    { path: 'linked/victim-deep.csv', size: 11 },
    { path: 'fresh/dir/made.csv', size: 4 },
  ]);
  for (const [name, file] of Object.entries(victims))
    expect(readFileSync(file, 'utf8')).toBe(`untouched ${name}`);
  expect(lstatSync(path.join(ws.dir, 'out.csv')).isFile()).toBe(true);
  expect(readFileSync(path.join(ws.dir, 'out.csv'), 'utf8')).toBe('a,b\n1,2\n');
  expect(readFileSync(path.join(ws.dir, 'new.csv'), 'utf8')).toBe('c\n3\n');
  expect(readFileSync(path.join(ws.dir, 'fresh', 'dir', 'made.csv'), 'utf8')).toBe('d\n4\n');
  expect(notes).toEqual([
    'linked/victim-deep.csv was not copied back from the remote engine (skipped: outside the workspace)',
  ]);
  expect(() => lstatSync(path.join(ws.dir, 'new.csv.plotwright-partial'))).toThrow(/ENOENT/);
});
