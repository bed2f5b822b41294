import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';

/** Deterministic archives: fixed times, so equal content gives equal bytes. */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

export interface ArchiveEntry {
  name: string;
  type: 'file' | 'directory';
  mode: number;
  uid?: number;
  gid?: number;
  /** In-memory content, or… */
  content?: Buffer;
  /** …a file streamed from disk (any size). */
  source?: string;
}

/** A tar stream of `entries` (root-owned unless stated), for the Docker archive and build APIs. */
export function packEntries(entries: ArchiveEntry[]): Readable {
  const pack = tarPack();
  const add = async (e: ArchiveEntry) => {
    const header = {
      name: e.name,
      type: e.type,
      mode: e.mode,
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: FIXED_MTIME,
    };
    if (e.type === 'directory') {
      await new Promise<void>((resolve, reject) =>
        pack.entry(header, (err) => (err ? reject(err) : resolve())),
      );
    } else if (e.source) {
      const { size } = await stat(e.source);
      const source = e.source;
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry({ ...header, size }, (err) => (err ? reject(err) : resolve()));
        createReadStream(source)
          .on('error', reject)
          .pipe(sink as unknown as NodeJS.WritableStream);
      });
    } else {
      const content = e.content ?? Buffer.alloc(0);
      await new Promise<void>((resolve, reject) =>
        pack.entry({ ...header, size: content.length }, content, (err) => (err ? reject(err) : resolve())),
      );
    }
  };
  void (async () => {
    for (const entry of entries) await add(entry);
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

export interface ExtractedFile {
  name: string;
  type: string;
  size: number;
}

/**
 * Reads a tar stream, handing each entry's body to `onEntry` (which must consume or
 * skip it). Used for files copied back from a remote engine.
 */
export async function extractEntries(
  source: NodeJS.ReadableStream,
  onEntry: (entry: ExtractedFile, body: Readable) => Promise<void>,
): Promise<void> {
  const extract = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      onEntry(
        { name: header.name, type: header.type ?? 'file', size: header.size ?? 0 },
        body as unknown as Readable,
      )
        .then(() => next())
        .catch((err: Error) => extract.destroy(err));
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  (source as Readable).pipe(extract as unknown as NodeJS.WritableStream);
  await done;
}
