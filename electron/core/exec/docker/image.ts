// The sandbox image: content-addressed tag, trusted-status check, pull with progress, build from
// resources/sandbox. An image is used only when Plotwright recorded its ID (trust.ts) and its hash label
// matches the tag.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sandboxContextDir } from '../../resources';
import { packEntries, type ArchiveEntry } from './archive';
import { BuildTracker, dockerErrorMessage, dockerLine, PullTracker, readJsonLines } from './progress';
import type { ImageProgress } from '../../../model/exec/types';
import type { StreamEvent } from './progress';
import { HASH_LABEL, inspectOrNull, splitImageRef } from './ref';
import { imageStatus, shortImageId, tagHash, trustImage, type TrustOptions } from './trust';

export { HASH_LABEL, splitImageRef } from './ref';
export { imageStatus, REBUILD_ADVICE, trustImage, trustFilePath } from './trust';
export type { ImageStatus, TrustHow, TrustOptions } from './trust';

export const SANDBOX_IMAGE_REPO = 'plotwright-sandbox';
export const BASE_IMAGE_LOCAL = 'plotwright-base:bookworm';
export const BASE_IMAGE_UPSTREAM = 'debian:bookworm-slim';

/** Directories of the build context copied into the image (besides the Dockerfile). */
const CONTEXT_DIRS = ['kernel', 'python'] as const;

export { sandboxContextDir };

function skipped(name: string): boolean {
  return name === '__pycache__' || name.endsWith('.pyc');
}

/** Files that make up the image, as sorted POSIX paths relative to the context dir. */
export async function contextFiles(contextDir: string): Promise<string[]> {
  const out = ['Dockerfile'];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(contextDir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (skipped(e.name)) continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  for (const dir of CONTEXT_DIRS) await walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Full sha256 (hex) over the context: every file's relative path, size and content. */
export async function sandboxContextHash(contextDir: string = sandboxContextDir()): Promise<string> {
  const h = createHash('sha256');
  for (const rel of await contextFiles(contextDir)) {
    const content = await readFile(path.join(contextDir, rel));
    h.update(`${rel}\0${content.length}\0`);
    h.update(content);
  }
  return h.digest('hex');
}

export async function sandboxImageTag(contextDir?: string): Promise<string> {
  const hash = await sandboxContextHash(contextDir);
  return `${SANDBOX_IMAGE_REPO}:${hash.slice(0, 12)}`;
}

// ---- build context tar (deterministic: root-owned, fixed mtime, 0755 dirs / 0644 or 0755 files) ----

/** The build context as a tar: exactly the hashed files, plus kernel/ and python/ even when empty. */
export async function buildContextTar(contextDir: string): Promise<Buffer> {
  const dirs = new Set<string>(CONTEXT_DIRS);
  const files = await contextFiles(contextDir);
  for (const rel of files) {
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
  }
  const entries: ArchiveEntry[] = [...dirs]
    .sort()
    .map((d) => ({ name: `${d}/`, type: 'directory', mode: 0o755 }));
  for (const rel of files) {
    const abs = path.join(contextDir, rel);
    const st = await stat(abs);
    entries.push({ name: rel, type: 'file', mode: st.mode & 0o111 ? 0o755 : 0o644, source: abs });
  }
  return buffer(packEntries(entries));
}

// ---- docker operations ----

function cancelledError(what: 'pull' | 'build'): Error {
  const err = new Error(`image ${what} cancelled`);
  err.name = 'AbortError';
  return err;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  return (await inspectOrNull(docker, tag)) !== null;
}

export async function defaultBaseImage(docker: Docker): Promise<string> {
  return (await imageExists(docker, BASE_IMAGE_LOCAL)) ? BASE_IMAGE_LOCAL : BASE_IMAGE_UPSTREAM;
}

/** Consumes a progress stream, rejecting with the first {error} event; abort destroys the stream. */
async function follow(
  stream: NodeJS.ReadableStream,
  what: 'pull' | 'build',
  signal: AbortSignal | undefined,
  onEvent: (e: StreamEvent) => void,
): Promise<void> {
  let streamError: string | undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      (stream as Readable).destroy?.();
      reject(cancelledError(what));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([
      readJsonLines(stream, (e) => {
        if (streamError !== undefined) return;
        if (e.error || e.errorDetail)
          streamError = dockerLine(e.errorDetail?.message ?? e.error ?? 'unknown error');
        else onEvent(e);
      }),
      aborted,
    ]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw cancelledError(what);
  if (streamError !== undefined) throw new Error(streamError);
}

/** Pulls `ref` and tags it as `tag`; returns the pulled image's ID. With `hashLabel`, an image whose
 * org.plotwright.sandbox.hash label differs is refused (and not tagged). */
export async function pullImage(
  docker: Docker,
  ref: string,
  tag: string,
  opts: { onProgress?: (p: ImageProgress) => void; signal?: AbortSignal; hashLabel?: string } = {},
): Promise<string> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw cancelledError('pull');
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(ref, signal ? { abortSignal: signal } : {});
  } catch (err) {
    if (signal?.aborted) throw cancelledError('pull');
    throw new Error(`image pull of ${ref} failed: ${dockerErrorMessage(err)}`, { cause: err });
  }
  const tracker = new PullTracker(ref);
  let digest: string | undefined;
  try {
    await follow(stream, 'pull', signal, (e) => {
      digest = /^Digest: (sha256:[0-9a-f]{64})$/.exec(e.status ?? '')?.[1] ?? digest;
      const p = tracker.update(e);
      if (p) onProgress?.(p);
    });
  } catch (err) {
    if (signal?.aborted || (err as Error).name === 'AbortError') throw cancelledError('pull');
    throw new Error(`image pull of ${ref} failed: ${(err as Error).message}`, { cause: err });
  }
  // The image exactly as pulled (by digest when the registry gave one), not whatever `ref` names now.
  const pinned = digest && !ref.includes('@') ? `${splitImageRef(ref).repo}@${digest}` : ref;
  const info = (await inspectOrNull(docker, pinned)) ?? (await inspectOrNull(docker, ref));
  if (!info) throw new Error(`image pull of ${ref} finished but the image is missing`);
  const label = info.Config?.Labels?.[HASH_LABEL];
  if (opts.hashLabel !== undefined && label !== opts.hashLabel) {
    throw new Error(
      `image pull of ${ref} gave an image that is not the Plotwright sandbox ${tag} (its label ${HASH_LABEL} is ${label === undefined ? 'missing' : `"${label}"`})`,
    );
  }
  if (tag !== ref) {
    const { repo, tag: t } = splitImageRef(tag);
    try {
      await docker.getImage(info.Id).tag({ repo, tag: t });
    } catch (err) {
      throw new Error(`pulled ${ref} but could not tag it as ${tag}: ${dockerErrorMessage(err)}`, {
        cause: err,
      });
    }
  }
  onProgress?.({ phase: 'done', tag });
  return info.Id;
}

export async function buildImage(
  docker: Docker,
  tag: string,
  opts: {
    contextDir?: string;
    baseImage?: string;
    onProgress?: (p: ImageProgress) => void;
    signal?: AbortSignal;
    networkMode?: string;
  } = {},
): Promise<string> {
  const { signal, onProgress } = opts;
  const contextDir = opts.contextDir ?? sandboxContextDir();
  if (signal?.aborted) throw cancelledError('build');
  const [tar, hash, baseImage] = await Promise.all([
    buildContextTar(contextDir),
    sandboxContextHash(contextDir),
    opts.baseImage ?? defaultBaseImage(docker),
  ]);
  const options: Docker.ImageBuildOptions = {
    t: tag,
    buildargs: { BASE: baseImage },
    labels: { [HASH_LABEL]: hash.slice(0, 12) },
    rm: true,
    forcerm: true,
    version: '1',
  };
  if (opts.networkMode) options.networkmode = opts.networkMode;
  if (signal) options.abortSignal = signal;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(Readable.from([tar]), options);
  } catch (err) {
    if (signal?.aborted) throw cancelledError('build');
    throw new Error(`image build of ${tag} failed: ${dockerErrorMessage(err)}`, { cause: err });
  }
  const tracker = new BuildTracker();
  let builtId: string | undefined;
  try {
    await follow(stream, 'build', signal, (e) => {
      if (typeof e.aux?.ID === 'string') builtId = e.aux.ID;
      const p = tracker.update(e);
      if (p) onProgress?.(p);
    });
  } catch (err) {
    if (signal?.aborted || (err as Error).name === 'AbortError') throw cancelledError('build');
    const where = tracker.step ? ` at step ${tracker.step}/${tracker.totalSteps} (${tracker.stepText})` : '';
    const last = tracker.lastOutput ? ` (last output: ${tracker.lastOutput})` : '';
    throw new Error(`image build of ${tag} failed${where}: ${(err as Error).message}${last}`, { cause: err });
  }
  const info = await inspectOrNull(docker, tag);
  if (!info) {
    throw new Error(
      `image build of ${tag} finished without producing the image (last output: ${tracker.lastOutput})`,
    );
  }
  if (builtId && info.Id !== builtId) {
    throw new Error(
      `image build of ${tag} produced ${shortImageId(builtId)} but the tag names ${shortImageId(info.Id)}`,
    );
  }
  onProgress?.({ phase: 'done', tag });
  return builtId ?? info.Id;
}

export async function ensureImage(
  docker: Docker,
  opts: {
    tag?: string;
    pullRef?: string;
    allowBuild?: boolean;
    baseImage?: string;
    onProgress?: (p: ImageProgress) => void;
    signal?: AbortSignal;
    /** Network for RUN steps when building, e.g. 'host' on engines without a default bridge. */
    networkMode?: string;
  } & TrustOptions = {},
): Promise<{ tag: string; action: 'present' | 'pulled' | 'built' }> {
  const tag = opts.tag ?? (await sandboxImageTag());
  const common = { onProgress: opts.onProgress, signal: opts.signal };
  const trust: TrustOptions = { trustFile: opts.trustFile, engine: opts.engine };
  const status = await imageStatus(docker, tag, trust);
  if (status.trusted) {
    opts.onProgress?.({ phase: 'done', tag });
    return { tag, action: 'present' };
  }
  // Missing, or present but not trusted: pulled or built again (Docker's layer cache keeps that short).
  if (opts.pullRef) {
    const id = await pullImage(docker, opts.pullRef, tag, { ...common, hashLabel: tagHash(tag) });
    await trustImage(docker, tag, 'pulled', { ...trust, expectId: id });
    return { tag, action: 'pulled' };
  }
  if (opts.allowBuild) {
    const id = await buildImage(docker, tag, {
      ...common,
      baseImage: opts.baseImage,
      networkMode: opts.networkMode,
    });
    await trustImage(docker, tag, 'built', { ...trust, expectId: id });
    return { tag, action: 'built' };
  }
  if (status.present && status.reason) throw new Error(status.reason);
  throw new Error(
    `sandbox image ${tag} is not installed: run \`npm run sandbox:image\` to build it, or set a pull reference for it`,
  );
}
