// The workspace: read-only input copies, their restoration, `# filename:` checks and artifact paths.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkInputs,
  filenameDirectiveProblem,
  prepareWorkspace,
  resolveArtifacts,
} from '../../electron/core/exec/workspace';

const CSV = 'date,region,revenue\n2026-01-05,North,12500\n2026-01-12,South,4200\n';
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let tmp: string;
let original: string;
let wsDir: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-workspace-'));
  mkdirSync(path.join(tmp, 'user'));
  original = path.join(tmp, 'user', 'sales.csv');
  writeFileSync(original, CSV);
  wsDir = path.join(tmp, 'ws');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('prepareWorkspace', () => {
  it('copies each input under its basename, read-only, without touching the original', async () => {
    const before = { hash: sha(original), mtime: statSync(original).mtimeMs, mode: statSync(original).mode };
    const ws = await prepareWorkspace(wsDir, [original]);
    const copy = path.join(wsDir, 'sales.csv');
    expect(ws.dir).toBe(wsDir);
    expect(ws.inputs).toHaveLength(1);
    expect(ws.inputs[0]).toMatchObject({ name: 'sales.csv', path: copy, original, size: CSV.length });
    expect(ws.inputs[0]!.sha256).toBe(createHash('sha256').update(CSV).digest('hex'));
    expect(readFileSync(copy, 'utf8')).toBe(CSV);
    expect(statSync(copy).mode & 0o777).toBe(0o444);
    expect(sha(original)).toBe(before.hash);
    expect(statSync(original).mtimeMs).toBe(before.mtime);
    expect(statSync(original).mode).toBe(before.mode);
    for (const sub of [ws.tmpDir, ws.homeDir, ws.chartsDir]) {
      expect(sub.startsWith(wsDir + path.sep)).toBe(true);
      expect(statSync(sub).isDirectory()).toBe(true);
    }
  });

  it('is idempotent: preparing again keeps the same copy', async () => {
    const first = await prepareWorkspace(wsDir, [original]);
    const second = await prepareWorkspace(wsDir, [original]);
    expect(second.inputs[0]).toEqual(first.inputs[0]);
    expect(readFileSync(path.join(wsDir, 'sales.csv'), 'utf8')).toBe(CSV);
  });

  it('refuses missing files, folders and files already inside the workspace', async () => {
    await expect(prepareWorkspace(wsDir, [path.join(tmp, 'nope.csv')])).rejects.toThrow(
      `cannot read ${path.join(tmp, 'nope.csv')}: no such file`,
    );
    await expect(prepareWorkspace(wsDir, [path.join(tmp, 'user')])).rejects.toThrow('not a regular file');
    writeFileSync(path.join(wsDir, 'inside.csv'), 'x\n');
    await expect(prepareWorkspace(wsDir, [path.join(wsDir, 'inside.csv')])).rejects.toThrow(
      'already inside the workspace',
    );
  });
});

describe('checkInputs', () => {
  it('returns nothing while the copy is untouched', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    expect(await checkInputs(ws)).toEqual([]);
  });

  it('restores a modified copy from the original and says so', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    const copy = ws.inputs[0]!.path;
    chmodSync(copy, 0o644);
    writeFileSync(copy, 'tampered\n');
    const notes = await checkInputs(ws);
    expect(notes).toEqual([
      'the code changed sales.csv in the workspace; it was restored from your original, which was not touched',
    ]);
    expect(readFileSync(copy, 'utf8')).toBe(CSV);
    expect(statSync(copy).mode & 0o777).toBe(0o444);
    expect(await checkInputs(ws)).toEqual([]);
  });

  it('restores a deleted copy', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    rmSync(ws.inputs[0]!.path);
    expect(await checkInputs(ws)).toHaveLength(1);
    expect(readFileSync(ws.inputs[0]!.path, 'utf8')).toBe(CSV);
  });

  it('accepts a touched but identical copy silently, and makes it read-only again', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    chmodSync(ws.inputs[0]!.path, 0o666);
    writeFileSync(ws.inputs[0]!.path, CSV);
    expect(await checkInputs(ws)).toEqual([]);
    expect(statSync(ws.inputs[0]!.path).mode & 0o777).toBe(0o444);
  });

  it('replaces a copy swapped for a symlink without touching (or chmod-ing) what it points to', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    const target = path.join(tmp, 'user', 'victim.txt');
    writeFileSync(target, CSV); // the same bytes: a symlink that looks "intact" must still go
    chmodSync(target, 0o600);
    rmSync(ws.inputs[0]!.path);
    symlinkSync(target, ws.inputs[0]!.path);
    expect(await checkInputs(ws)).toHaveLength(1);
    expect(lstatSync(ws.inputs[0]!.path).isFile()).toBe(true);
    expect(readFileSync(ws.inputs[0]!.path, 'utf8')).toBe(CSV);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toBe(CSV);
  });

  it('never blocks on a FIFO planted in place of the copy', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    rmSync(ws.inputs[0]!.path);
    execFileSync('mkfifo', [ws.inputs[0]!.path]);
    expect(await checkInputs(ws)).toHaveLength(1);
    expect(readFileSync(ws.inputs[0]!.path, 'utf8')).toBe(CSV);
  });

  it('says when the original changed too', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    chmodSync(ws.inputs[0]!.path, 0o644);
    writeFileSync(ws.inputs[0]!.path, 'tampered\n');
    writeFileSync(original, 'edited by the user\n');
    const notes = await checkInputs(ws);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('could not be restored');
  });
});

describe('filenameDirectiveProblem', () => {
  it.each(['../x.py', '/etc/x', 'C:\\x', 'c:x.py', 'a/../../x', '..\\x.py', '..', '.', './', 'sub/..'])(
    'refuses `# filename: %s`',
    (name) => {
      expect(filenameDirectiveProblem(`# filename: ${name}\nprint(1)\n`)).toBe(
        `refused \`# filename: ${name}\`: the file must stay inside the workspace`,
      );
    },
  );

  it('accepts relative names inside the workspace and code without a directive', () => {
    expect(filenameDirectiveProblem('# filename: sub/x.py\nprint(1)')).toBeNull();
    expect(filenameDirectiveProblem('\n\n  # filename: x.py\nprint(1)')).toBeNull();
    expect(filenameDirectiveProblem('// filename: a/b/../c.js\n')).toBeNull();
    expect(filenameDirectiveProblem('print(1)\n')).toBeNull();
    expect(filenameDirectiveProblem('')).toBeNull();
    // only the first non-empty line is a directive
    expect(filenameDirectiveProblem('print(1)\n# filename: ../x.py\n')).toBeNull();
  });

  it('checks other comment styles too', () => {
    expect(filenameDirectiveProblem('-- filename: ../q.sql')).toMatch(/^refused/);
    expect(filenameDirectiveProblem('  //  filename:   /abs.js  ')).toMatch(/^refused/);
  });
});

describe('resolveArtifacts', () => {
  it('keeps real files, classifies them, and drops everything suspicious', async () => {
    const ws = await prepareWorkspace(wsDir, [original]);
    const outside = path.join(tmp, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    const write = (rel: string, data: string | Buffer) => {
      mkdirSync(path.dirname(path.join(wsDir, rel)), { recursive: true });
      writeFileSync(path.join(wsDir, rel), data);
    };
    write('plot.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    write('out.csv', 'a,b\n1,2\n');
    write('notes.txt', 'hello');
    write('blob.xyz', 'zz');
    write('sub/deep.CSV', 'x\n');
    write('.hidden/h.txt', 'h');
    write('sub/.cache/c.txt', 'c');
    symlinkSync(path.join(wsDir, 'notes.txt'), path.join(wsDir, 'link-in.txt'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(wsDir, 'link-out.txt'));
    symlinkSync(outside, path.join(wsDir, 'linkdir'));
    const artifacts = await resolveArtifacts(ws, [
      { path: 'plot.png' },
      { path: 'out.csv' },
      { path: 'notes.txt' },
      { path: 'blob.xyz' },
      { path: 'sub\\deep.CSV' },
      { path: 'link-in.txt' },
      { path: 'link-out.txt' },
      { path: 'linkdir/secret.txt' },
      { path: '../outside/secret.txt' },
      { path: 'sub/../../outside/secret.txt' },
      { path: path.join(outside, 'secret.txt') },
      { path: '.hidden/h.txt' },
      { path: 'sub/.cache/c.txt' },
      { path: 'sales.csv' },
      { path: 'missing.txt' },
      { path: 'sub' },
    ]);
    expect(artifacts).toEqual([
      { name: 'plot.png', path: path.join(wsDir, 'plot.png'), size: 7, kind: 'image', mime: 'image/png' },
      { name: 'out.csv', path: path.join(wsDir, 'out.csv'), size: 8, kind: 'data', mime: 'text/csv' },
      { name: 'notes.txt', path: path.join(wsDir, 'notes.txt'), size: 5, kind: 'text', mime: 'text/plain' },
      {
        name: 'blob.xyz',
        path: path.join(wsDir, 'blob.xyz'),
        size: 2,
        kind: 'other',
        mime: 'application/octet-stream',
      },
      {
        name: 'sub/deep.CSV',
        path: path.join(wsDir, 'sub', 'deep.CSV'),
        size: 2,
        kind: 'data',
        mime: 'text/csv',
      },
    ]);
  });
});
