/**
 * Reading files the sandboxed code wrote, safely. The code may still be running (a thread left in
 * the kernel) and can swap any workspace file for a symlink, a FIFO or a hard link at any moment,
 * so a check by path followed by a read by path reads whatever is there at the second moment.
 * Here a file is opened ONCE (`O_NOFOLLOW | O_NONBLOCK`, close-on-exec), the opened handle is
 * checked (a regular file, one link, not too large, really inside the workspace) and then read or
 * copied from that same handle. What is swapped after the open no longer matters.
 *
 * Names come from the conversation, which is data: only plain relative names are accepted.
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../../model/text/bytes';

const C = fs.constants;
/** libuv opens every file close-on-exec already; O_CLOEXEC is added where Node names it. */
const CLOEXEC = (C as Record<string, number | undefined>).O_CLOEXEC ?? 0;
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
/** Opening a FIFO for reading would wait for a writer; non-blocking, fstat then says what it is. */
const NONBLOCK = C.O_NONBLOCK ?? 0;
export const READ_FLAGS = C.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC;
/** A new file only: fails on anything already there, a symlink included. */
export const CREATE_FLAGS = C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW | CLOEXEC;

export type SkipReason =
  'bad-name' | 'missing' | 'not-regular' | 'hard-link' | 'replaced' | 'too-large' | 'outside' | 'unreadable';

/** Why a file was not read; `note` is one line for a report or an error ("skipped: …"). */
export interface SafeFileFailure {
  ok: false;
  reason: SkipReason;
  note: string;
}

export interface SafeFileOptions {
  /** Larger files are refused (`too-large`); reading stops there even if the file grows. */
  maxBytes: number;
  /**
   * How "inside the workspace" is proved: `proc` (Linux: the path the kernel gives the open
   * descriptor), `portable` (dev/ino of the descriptor against an lstat walk of the path).
   * Default: `proc` where /proc/self/fd answers, else `portable`.
   */
  check?: 'proc' | 'portable';
}

export interface OpenedFile {
  ok: true;
  handle: FileHandle;
  size: number;
}

const DETAILS: Record<SkipReason, string> = {
  'bad-name': 'not a plain name inside the workspace',
  missing: 'missing from the workspace',
  'not-regular': 'not a regular file',
  'hard-link': 'a hard link (it could be a file outside the workspace)',
  replaced: 'replaced while it was being read',
  'too-large': 'too large',
  outside: 'outside the workspace',
  unreadable: 'could not be read',
};

export function skipped(reason: SkipReason, extra = ''): SafeFileFailure {
  return { ok: false, reason, note: `skipped: ${DETAILS[reason]}${extra}` };
}

const tooLarge = (size: number, max: number) =>
  skipped('too-large', ` (${formatBytes(size)}, the limit is ${formatBytes(max)})`);

/**
 * The segments of a plain relative name (`figs/plot.png`), or null: no absolute path, drive
 * letter, `..`, `.`, empty segment, backslash or NUL (nor, on Windows, a `:` stream name).
 */
export function workspaceNameSegments(relName: string): string[] | null {
  if (typeof relName !== 'string' || relName.length === 0 || relName.length > 4096) return null;
  if (relName.includes('\0') || /\\|^\/|^[A-Za-z]:/.test(relName)) return null;
  if (process.platform === 'win32' && relName.includes(':')) return null;
  const segments = relName.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return segments;
}

function failureOf(err: unknown): SafeFileFailure {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'EMLINK' || code === 'ENXIO' || code === 'EISDIR')
    return skipped('not-regular');
  if (code === 'ENOENT') return skipped('missing');
  if (code === 'ENOTDIR') return skipped('outside');
  return skipped('unreadable');
}

let procWorks: boolean | null = null;
function procAvailable(): boolean {
  if (procWorks === null) {
    try {
      procWorks = process.platform === 'linux' && fs.readlinkSync('/proc/self/fd/0').length > 0;
    } catch {
      procWorks = false;
    }
  }
  return procWorks;
}

/**
 * Whether the open descriptor `fd` is the file `segments` names under `root` (a real path), with
 * no symlink on the way. `proc`: the kernel's path of the descriptor is exactly that path — a
 * symlinked directory would have led elsewhere. `portable`: every directory on the way is a real
 * directory (lstat), and the path's file is the descriptor's (same device and inode).
 */
function insideWorkspace(
  fd: number,
  st: fs.Stats,
  root: string,
  segments: string[],
  how: 'proc' | 'portable',
) {
  const expected = path.join(root, ...segments);
  if (how === 'proc') {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === expected;
    } catch {
      return false;
    }
  }
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = path.join(dir, segment);
    const d = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!d || d.isSymbolicLink() || !d.isDirectory()) return false;
  }
  const there = fs.lstatSync(expected, { throwIfNoEntry: false });
  return !!there && there.isFile() && there.dev === st.dev && there.ino === st.ino;
}

/** The checks on an opened descriptor: null when it may be read. */
function checkOpened(
  fd: number,
  st: fs.Stats,
  root: string,
  segments: string[],
  opts: SafeFileOptions,
): SafeFileFailure | null {
  if (!st.isFile()) return skipped('not-regular');
  if (st.nlink === 0) return skipped('replaced'); // renamed over or deleted since the open
  if (st.nlink !== 1) return skipped('hard-link');
  if (!insideWorkspace(fd, st, root, segments, opts.check ?? (procAvailable() ? 'proc' : 'portable')))
    return skipped('outside');
  if (st.size > opts.maxBytes) return tooLarge(st.size, opts.maxBytes);
  return null;
}

function rootOf(workspaceDir: string): string | null {
  try {
    return fs.realpathSync(workspaceDir);
  } catch {
    return null;
  }
}

/** Opens a workspace file for reading, checked; the caller closes the handle. */
export async function openWorkspaceFile(
  workspaceDir: string,
  relName: string,
  opts: SafeFileOptions,
): Promise<OpenedFile | SafeFileFailure> {
  const segments = workspaceNameSegments(relName);
  if (!segments) return skipped('bad-name');
  const root = rootOf(workspaceDir);
  if (!root) return skipped('missing');
  let handle: FileHandle;
  try {
    handle = await fsp.open(path.join(root, ...segments), READ_FLAGS);
  } catch (err) {
    return failureOf(err);
  }
  try {
    const st = await handle.stat();
    const problem = checkOpened(handle.fd, st, root, segments, opts);
    if (!problem) return { ok: true, handle, size: st.size };
    await handle.close();
    return problem;
  } catch (err) {
    await handle.close().catch(() => undefined);
    return failureOf(err);
  }
}

/** The same, synchronously: a descriptor the caller closes (`fs.closeSync`). */
export function openWorkspaceFileSync(
  workspaceDir: string,
  relName: string,
  opts: SafeFileOptions,
): { ok: true; fd: number; size: number } | SafeFileFailure {
  const segments = workspaceNameSegments(relName);
  if (!segments) return skipped('bad-name');
  const root = rootOf(workspaceDir);
  if (!root) return skipped('missing');
  let fd: number;
  try {
    fd = fs.openSync(path.join(root, ...segments), READ_FLAGS);
  } catch (err) {
    return failureOf(err);
  }
  try {
    const st = fs.fstatSync(fd);
    const problem = checkOpened(fd, st, root, segments, opts);
    if (!problem) return { ok: true, fd, size: st.size };
    fs.closeSync(fd);
    return problem;
  } catch (err) {
    fs.closeSync(fd);
    return failureOf(err);
  }
}

export type ReadResult = { ok: true; data: Buffer; size: number } | SafeFileFailure;

/** Room for the next read: the file may have grown since fstat; past maxBytes it is too large. */
function room(buf: Buffer, n: number, maxBytes: number): Buffer | null {
  if (n < buf.length) return buf;
  if (buf.length > maxBytes) return null;
  const bigger = Buffer.alloc(Math.min(buf.length * 2, maxBytes + 1));
  buf.copy(bigger, 0, 0, n);
  return bigger;
}

/** Reads the descriptor to its end, at most maxBytes (more is `too-large`). */
function readAllSync(fd: number, size: number, maxBytes: number): ReadResult {
  let buf: Buffer | null = Buffer.alloc(Math.min(size, maxBytes) + 1);
  let n = 0;
  for (;;) {
    buf = room(buf, n, maxBytes);
    if (!buf) return tooLarge(n, maxBytes);
    const got = fs.readSync(fd, buf, n, buf.length - n, n);
    if (got === 0) return { ok: true, data: buf.subarray(0, n), size: n };
    n += got;
  }
}

async function readAll(handle: FileHandle, size: number, maxBytes: number): Promise<ReadResult> {
  let buf: Buffer | null = Buffer.alloc(Math.min(size, maxBytes) + 1);
  let n = 0;
  for (;;) {
    buf = room(buf, n, maxBytes);
    if (!buf) return tooLarge(n, maxBytes);
    const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
    if (bytesRead === 0) return { ok: true, data: buf.subarray(0, n), size: n };
    n += bytesRead;
  }
}

/** A workspace file's content, read from the one checked handle. */
export async function readWorkspaceFile(
  workspaceDir: string,
  relName: string,
  opts: SafeFileOptions,
): Promise<ReadResult> {
  const opened = await openWorkspaceFile(workspaceDir, relName, opts);
  if (!opened.ok) return opened;
  try {
    return await readAll(opened.handle, opened.size, opts.maxBytes);
  } catch (err) {
    return failureOf(err);
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

/** The same, synchronously (the report renderers are synchronous). */
export function readWorkspaceFileSync(
  workspaceDir: string,
  relName: string,
  opts: SafeFileOptions,
): ReadResult {
  const opened = openWorkspaceFileSync(workspaceDir, relName, opts);
  if (!opened.ok) return opened;
  try {
    return readAllSync(opened.fd, opened.size, opts.maxBytes);
  } catch (err) {
    return failureOf(err);
  } finally {
    fs.closeSync(opened.fd);
  }
}

const CHUNK = 1024 * 1024;

/**
 * Copies a workspace file to `dest`, a new file (created exclusively, never through a symlink),
 * from the one checked handle. A problem with the source is a failure (nothing is left at
 * `dest`); a problem with the destination (it exists, the disk is full) throws.
 */
export async function copyWorkspaceFile(
  workspaceDir: string,
  relName: string,
  dest: string,
  opts: SafeFileOptions,
): Promise<{ ok: true; size: number } | SafeFileFailure> {
  const opened = await openWorkspaceFile(workspaceDir, relName, opts);
  if (!opened.ok) return opened;
  let out: FileHandle | null = null;
  let result: { ok: true; size: number } | SafeFileFailure | null = null;
  try {
    out = await fsp.open(dest, CREATE_FLAGS, 0o644);
    const buf = Buffer.alloc(CHUNK);
    let total = 0;
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await opened.handle.read(buf, 0, CHUNK, total));
      } catch (err) {
        result = failureOf(err);
        break;
      }
      if (bytesRead === 0) break;
      if (total + bytesRead > opts.maxBytes) {
        result = tooLarge(total + bytesRead, opts.maxBytes);
        break;
      }
      await out.write(buf, 0, bytesRead);
      total += bytesRead;
    }
    result ??= { ok: true, size: total };
    return result;
  } finally {
    await opened.handle.close().catch(() => undefined);
    await out?.close().catch(() => undefined);
    // nothing half-copied stays behind (the destination was created here, exclusively)
    if (out && (!result || !result.ok)) await fsp.rm(dest, { force: true });
  }
}

/**
 * A new file at `relName` in the workspace for the host to write (the remote engine's copy-back):
 * every folder on the way is created or must already be a real folder inside the workspace, never
 * a symlink; whatever is at the name (a planted symlink, say) is removed, not followed; the file
 * is created exclusively and its descriptor checked to be inside the workspace. The caller writes
 * to `handle` and closes it.
 */
export async function createWorkspaceFile(
  workspaceDir: string,
  relName: string,
): Promise<{ ok: true; handle: FileHandle; path: string } | SafeFileFailure> {
  const segments = workspaceNameSegments(relName);
  if (!segments) return skipped('bad-name');
  const root = rootOf(workspaceDir);
  if (!root) return skipped('missing');
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = path.join(dir, segment);
    await fsp.mkdir(dir, { mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    const st = await fsp.lstat(dir);
    if (st.isSymbolicLink() || !st.isDirectory()) return skipped('outside');
  }
  const file = path.join(root, ...segments);
  const existing = await fsp.lstat(file).catch(() => null);
  if (existing?.isDirectory()) return skipped('not-regular');
  if (existing) await fsp.unlink(file); // a symlink is removed itself, never its target
  let handle: FileHandle;
  try {
    handle = await fsp.open(file, CREATE_FLAGS, 0o644);
  } catch (err) {
    return failureOf(err);
  }
  const st = await handle.stat();
  if (!insideWorkspace(handle.fd, st, root, segments, procAvailable() ? 'proc' : 'portable')) {
    await handle.close();
    return skipped('outside');
  }
  return { ok: true, handle, path: file };
}
