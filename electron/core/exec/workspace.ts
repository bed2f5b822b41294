import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { READ_FLAGS } from './safe-file';
import type { Artifact } from '../../model/exec/types';

/** A conversation's working folder: the code's current directory and nothing more. */
export interface Workspace {
  dir: string;
  /** Private /tmp of the local sandbox. */
  tmpDir: string;
  /** HOME of the executed code. */
  homeDir: string;
  /** Where `plotwright.chart()` drops specs for the kernel to collect. */
  chartsDir: string;
  inputs: InputFile[];
}

export interface InputFile {
  /** Basename inside the workspace (the code reads it as `pd.read_csv(name)`). */
  name: string;
  /** The read-only copy inside the workspace. */
  path: string;
  /** The user's original file: opened for reading only, ever. */
  original: string;
  sha256: string;
  size: number;
  stamp: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The hash of the regular file at `file` in the workspace, never through a symlink and never
 * blocking on a FIFO the code planted there; null when it is not a regular file.
 */
async function sha256Regular(file: string): Promise<string | null> {
  const handle = await fs.open(file, READ_FLAGS).catch(() => null);
  if (!handle) return null;
  try {
    if (!(await handle.stat()).isFile()) return null;
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** chmod on the file itself, never on what a symlink planted in its place points to. */
async function chmodRegular(file: string, mode: number): Promise<void> {
  const handle = await fs.open(file, READ_FLAGS).catch(() => null);
  if (!handle) return;
  try {
    if ((await handle.stat()).isFile()) await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

async function stampOf(file: string): Promise<string> {
  const st = await fs.lstat(file);
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.mode}`;
}

export async function prepareWorkspace(dir: string, inputFiles: string[] = []): Promise<Workspace> {
  const root = path.resolve(dir);
  const ws: Workspace = {
    dir: root,
    tmpDir: path.join(root, '.tmp'),
    homeDir: path.join(root, '.home'),
    chartsDir: path.join(root, '.plotwright', 'charts'),
    inputs: [],
  };
  await fs.mkdir(root, { recursive: true, mode: 0o700 });
  for (const sub of [ws.tmpDir, ws.homeDir, ws.chartsDir])
    await fs.mkdir(sub, { recursive: true, mode: 0o700 });
  for (const file of inputFiles) ws.inputs.push(await addInput(ws, file));
  return ws;
}

/** Copies the user's file into the workspace under its own basename, read-only. */
export async function addInput(ws: Workspace, original: string): Promise<InputFile> {
  const source = path.resolve(original);
  const st = await fs.stat(source).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${original}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!st.isFile()) throw new Error(`cannot read ${original}: not a regular file`);
  const name = path.basename(source);
  const dest = path.join(ws.dir, name);
  if (path.resolve(dest) === source)
    throw new Error(`${original} is already inside the workspace; pick another folder`);
  const sha256 = await sha256File(source);
  const existing = await fs.lstat(dest).catch(() => null);
  const same = existing?.isFile() && (await sha256Regular(dest)) === sha256;
  if (!same) {
    if (existing) await fs.rm(dest, { force: true, recursive: true }); // a symlink is removed, not followed
    // EXCL: if the code planted something there again meanwhile, fail rather than write through it
    await fs.copyFile(source, dest, fs.constants.COPYFILE_EXCL);
  }
  await chmodRegular(dest, 0o444);
  return { name, path: dest, original: source, sha256, size: st.size, stamp: await stampOf(dest) };
}

/**
 * After each block: an input copy that changed is restored from the original (which the
 * code never had access to) and reported. The OS sandboxes mount it read-only, so this is
 * the last line of defence for the unsandboxed fallback.
 */
export async function checkInputs(ws: Workspace): Promise<string[]> {
  const notes: string[] = [];
  for (const input of ws.inputs) {
    const stamp = await stampOf(input.path).catch(() => 'missing');
    if (stamp === input.stamp) continue;
    const intact = stamp !== 'missing' && (await sha256Regular(input.path)) === input.sha256;
    if (!intact) {
      const restored = await addInput(ws, input.original).catch(() => null);
      notes.push(
        restored && restored.sha256 === input.sha256
          ? `the code changed ${input.name} in the workspace; it was restored from your original, which was not touched`
          : `the code changed ${input.name} in the workspace and it could not be restored (the original changed too)`,
      );
      if (restored) Object.assign(input, restored);
      continue;
    }
    await chmodRegular(input.path, 0o444); // same content, but the code may have made it writable
    input.stamp = await stampOf(input.path);
  }
  return notes;
}

/** Refuses a `# filename:` directive that would write outside the workspace. */
export function filenameDirectiveProblem(code: string): string | null {
  const first = code.split('\n').find((l) => l.trim() !== '');
  const match = first?.match(/^\s*(?:#|\/\/|--)\s*filename:\s*(\S+)\s*$/);
  if (!match) return null;
  const name = match[1]!;
  const norm = path.posix.normalize(name.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  if (
    name.includes('\0') ||
    path.isAbsolute(name) ||
    /^[A-Za-z]:/.test(name) ||
    norm === '..' ||
    norm.startsWith('../') ||
    norm === '.'
  ) {
    return `refused \`# filename: ${name}\`: the file must stay inside the workspace`;
  }
  return null;
}

const KINDS: Record<string, [Artifact['kind'], string]> = {
  png: ['image', 'image/png'],
  jpg: ['image', 'image/jpeg'],
  jpeg: ['image', 'image/jpeg'],
  gif: ['image', 'image/gif'],
  svg: ['image', 'image/svg+xml'],
  webp: ['image', 'image/webp'],
  csv: ['data', 'text/csv'],
  tsv: ['data', 'text/tab-separated-values'],
  json: ['data', 'application/json'],
  parquet: ['data', 'application/vnd.apache.parquet'],
  xlsx: ['data', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  txt: ['text', 'text/plain'],
  md: ['text', 'text/markdown'],
  html: ['text', 'text/html'],
  py: ['text', 'text/x-python'],
  log: ['text', 'text/plain'],
};

export const MAX_ARTIFACTS = 100;

/**
 * Turns the kernel's list of changed files into artifacts. The list comes from the
 * sandbox, so every path is checked: relative, inside the workspace, a regular file
 * (a symlink planted by the code is never followed).
 */
export async function resolveArtifacts(ws: Workspace, files: { path: string }[]): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const inputs = new Set(ws.inputs.map((i) => i.name));
  const root = await fs.realpath(ws.dir);
  for (const file of files) {
    if (artifacts.length >= MAX_ARTIFACTS) break;
    const rel = path.posix.normalize(file.path.replace(/\\/g, '/'));
    if (
      rel.startsWith('../') ||
      rel === '..' ||
      path.isAbsolute(rel) ||
      rel.split('/').some((p) => p.startsWith('.')) ||
      inputs.has(rel)
    ) {
      continue;
    }
    const full = path.join(ws.dir, ...rel.split('/'));
    const st = await fs.lstat(full).catch(() => null);
    if (!st || !st.isFile()) continue;
    const real = await fs.realpath(full).catch(() => '');
    const inside = path.relative(root, real);
    if (!real || inside.startsWith('..') || path.isAbsolute(inside)) continue;
    const [kind, mime] = KINDS[path.extname(rel).slice(1).toLowerCase()] ?? [
      'other',
      'application/octet-stream',
    ];
    artifacts.push({ name: rel, path: full, size: st.size, kind, mime });
  }
  return artifacts;
}
