// The record of sandbox images Plotwright itself built, pulled or loaded on this machine, and the
// check against it. An image is used only when its ID (the sha256 of its config, which names every
// layer's content) is recorded here for its tag and engine, and its hash label matches the tag: a tag
// alone can be moved onto any image by anyone who can reach the engine. The record is one small JSON
// file, written atomically; an unreadable or corrupt file counts as empty (which only means the image
// is built or pulled again).
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appDataDir } from '../../paths';
import { HASH_LABEL, inspectOrNull, splitImageRef } from './ref';

export type TrustHow = 'built' | 'pulled' | 'loaded';

export interface TrustRecord {
  /** The engine's ID from `docker info` (or its address when it has none). */
  engine: string;
  tag: string;
  /** `sha256:…`, Docker's image ID: the digest of the image config. */
  imageId: string;
  how: TrustHow;
  /** ISO time of the record. */
  at: string;
}

const RECORD = z.object({
  engine: z.string().min(1),
  tag: z.string().min(1),
  imageId: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  how: z.enum(['built', 'pulled', 'loaded']),
  at: z.string(),
});

/** Old records beyond this many are dropped (each content change of the sandbox makes a new tag). */
const MAX_RECORDS = 200;

/**
 * `$PLOTWRIGHT_TRUST_FILE`, else `trusted-images.json` in the user's default app data folder.
 * PLOTWRIGHT_DATA_DIR is deliberately ignored: what is trusted is an image on this machine's engine,
 * which every data folder of this user shares, so a fresh data folder (tests, a portable install)
 * must not distrust the image the user built, nor keep its own list.
 */
export function trustFilePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PLOTWRIGHT_TRUST_FILE) return path.resolve(env.PLOTWRIGHT_TRUST_FILE);
  return path.join(appDataDir({ ...env, PLOTWRIGHT_DATA_DIR: undefined }, platform), 'trusted-images.json');
}

/** The records in `file`; a missing, unreadable or malformed file gives [], malformed records are skipped. */
export async function readTrustRecords(file: string = trustFilePath()): Promise<TrustRecord[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const images = (parsed as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) return [];
  const out: TrustRecord[] = [];
  for (const item of images) {
    const r = RECORD.safeParse(item);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** Writes a temporary file next to `file` and renames it over `file`, so readers never see half of it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Adds (or replaces) the record for its engine and tag. */
export async function addTrustRecord(record: TrustRecord, file: string = trustFilePath()): Promise<void> {
  const kept = (await readTrustRecords(file)).filter(
    (r) => !(r.engine === record.engine && r.tag === record.tag),
  );
  kept.push(record);
  const images = kept.slice(-MAX_RECORDS);
  await writeAtomically(file, `${JSON.stringify({ version: 1, images }, null, 2)}\n`);
}

export async function findTrustRecord(
  engine: string,
  tag: string,
  file: string = trustFilePath(),
): Promise<TrustRecord | undefined> {
  return (await readTrustRecords(file)).find((r) => r.engine === engine && r.tag === tag);
}

const identities = new WeakMap<Docker, Promise<string>>();

/** Where a client connects, for engines that report no ID. */
function address(docker: Docker): string {
  const m = docker.modem as { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown };
  if (typeof m.host === 'string' && m.host)
    return `${String(m.protocol ?? 'tcp')}://${m.host}${m.port ? `:${String(m.port)}` : ''}`;
  return `unix://${typeof m.socketPath === 'string' ? m.socketPath : '/var/run/docker.sock'}`;
}

/** The engine's ID from `docker info` (stable per daemon), or its address; asked once per client. */
export function engineIdentity(docker: Docker): Promise<string> {
  let known = identities.get(docker);
  if (!known) {
    known = docker.info().then(
      (info: { ID?: unknown }) => (typeof info.ID === 'string' && info.ID ? info.ID : address(docker)),
      () => {
        identities.delete(docker);
        return address(docker);
      },
    );
    identities.set(docker, known);
  }
  return known;
}

/** `sha256:0123456789ab…`, for messages. */
export function shortImageId(id: string): string {
  return id.length > 19 ? `${id.slice(0, 19)}…` : id;
}

// ---- the check ----

export interface ImageStatus {
  present: boolean;
  /** Present, recorded by Plotwright for this engine and tag with this ID, and labelled with the tag's hash. */
  trusted: boolean;
  imageId?: string;
  /** Why it cannot be used, one line (when not trusted). */
  reason?: string;
  /** How Plotwright got it, and when (when trusted). */
  how?: TrustHow;
  at?: string;
}

export interface TrustOptions {
  /** The trust record (default: trustFilePath()). */
  trustFile?: string;
  /** The engine's identity (default: engineIdentity(docker)). */
  engine?: string;
}

export const REBUILD_ADVICE = 'run `npm run sandbox:image` to rebuild it';

/** The hash the tag promises: the part after the colon of plotwright-sandbox:<hash>. */
export function tagHash(tag: string): string {
  return splitImageRef(tag).tag;
}

function labelProblem(tag: string, labels: Record<string, string> | null | undefined): string | undefined {
  const label = labels?.[HASH_LABEL];
  const want = tagHash(tag);
  if (label === want) return undefined;
  return `its label ${HASH_LABEL} is ${label === undefined ? 'missing' : `"${label}"`}, expected "${want}"`;
}

/** Whether `tag` is present and is the image Plotwright built, pulled or loaded for it on this engine. */
export async function imageStatus(
  docker: Docker,
  tag: string,
  opts: TrustOptions = {},
): Promise<ImageStatus> {
  const info = await inspectOrNull(docker, tag);
  if (!info) return { present: false, trusted: false, reason: `${tag} is not built` };
  const imageId = info.Id;
  const engine = opts.engine ?? (await engineIdentity(docker));
  const record = await findTrustRecord(engine, tag, opts.trustFile ?? trustFilePath());
  const untrusted = (why: string): ImageStatus => ({
    present: true,
    trusted: false,
    imageId,
    reason: `${tag} ${why}; ${REBUILD_ADVICE}`,
  });
  if (record?.imageId !== imageId) {
    const recorded = record ? `; Plotwright recorded ${shortImageId(record.imageId)}` : '';
    return untrusted(
      `is not an image Plotwright built or pulled on this machine (its ID ${shortImageId(imageId)} is not recorded${recorded})`,
    );
  }
  const problem = labelProblem(tag, info.Config?.Labels);
  if (problem) return untrusted(`is not the Plotwright sandbox image for this tag (${problem})`);
  return { present: true, trusted: true, imageId, how: record.how, at: record.at };
}

/**
 * Records the image `tag` now names as trusted, after checking its hash label and, with `expectId`,
 * that the tag still names the image just built or pulled. Returns its ID.
 */
export async function trustImage(
  docker: Docker,
  tag: string,
  how: TrustHow,
  opts: TrustOptions & { expectId?: string } = {},
): Promise<string> {
  const info = await inspectOrNull(docker, tag);
  if (!info) throw new Error(`${tag} is missing after it was ${how}`);
  if (opts.expectId && info.Id !== opts.expectId) {
    throw new Error(
      `${tag} names ${shortImageId(info.Id)}, not the image just ${how} (${shortImageId(opts.expectId)}): it was re-tagged meanwhile; try again`,
    );
  }
  const problem = labelProblem(tag, info.Config?.Labels);
  if (problem)
    throw new Error(`the image ${how} as ${tag} is not the Plotwright sandbox for it (${problem})`);
  const engine = opts.engine ?? (await engineIdentity(docker));
  await addTrustRecord(
    { engine, tag, imageId: info.Id, how, at: new Date().toISOString() },
    opts.trustFile ?? trustFilePath(),
  );
  return info.Id;
}
