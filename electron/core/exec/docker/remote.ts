import type Docker from 'dockerode';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWorkspaceFile } from '../safe-file';
import type { InputFile, Workspace } from '../workspace';
import { extractEntries, packEntries } from './archive';

/**
 * A remote engine (DOCKER_HOST on another machine) cannot bind-mount this computer's files,
 * so the workspace lives in a Docker volume: inputs are uploaded read-only (root-owned in
 * the root-owned, sticky /workspace, so the code can neither change nor delete them) and
 * files a block creates are copied back into the local workspace after each block.
 */
export const MAX_COPY_BACK_BYTES = 64 * 1024 * 1024;
export const MAX_COPY_BACK_FILES = 100;

export async function uploadInputs(
  container: Docker.Container,
  target: string,
  inputs: InputFile[],
): Promise<void> {
  if (inputs.length === 0) return;
  const archive = packEntries(
    inputs.map((i) => ({ name: i.name, type: 'file' as const, mode: 0o444, source: i.path })),
  );
  await container.putArchive(archive, { path: target });
}

/** Copies changed files back; returns a note for each file that was not copied. */
export async function copyBack(
  container: Docker.Container,
  target: string,
  ws: Workspace,
  files: { path: string; size: number }[],
): Promise<string[]> {
  const notes: string[] = [];
  for (const file of files.slice(0, MAX_COPY_BACK_FILES)) {
    const rel = path.posix.normalize(file.path);
    if (rel.startsWith('../') || path.posix.isAbsolute(rel) || rel.split('/').some((p) => p.startsWith('.')))
      continue;
    if (file.size > MAX_COPY_BACK_BYTES) {
      notes.push(
        `${rel} was not copied back from the remote engine (larger than ${MAX_COPY_BACK_BYTES >> 20} MB)`,
      );
      continue;
    }
    const archive = (await container
      .getArchive({ path: `${target}/${rel}` })
      .catch(() => null)) as NodeJS.ReadableStream | null;
    if (!archive) continue;
    let partial: string | null = null;
    await extractEntries(archive, async (entry, body) => {
      // Only the regular file asked for; a symlink or device planted by the code is skipped.
      if (
        entry.type !== 'file' ||
        entry.name !== path.posix.basename(rel) ||
        entry.size > MAX_COPY_BACK_BYTES
      )
        return void body.resume();
      // Written as a new file (never through a symlink, in real folders of the workspace), then
      // renamed over whatever has the name (rename replaces a symlink, it does not follow it).
      const created = await createWorkspaceFile(ws.dir, `${rel}.plotwright-partial`);
      if (!created.ok) {
        body.resume();
        notes.push(`${rel} was not copied back from the remote engine (${created.note})`);
        return;
      }
      partial = created.path;
      await pipeline(body, created.handle.createWriteStream());
      await rename(partial, path.join(path.dirname(partial), path.posix.basename(rel)));
      partial = null;
    }).catch(async (err: Error) => {
      if (partial) await rm(partial, { force: true });
      notes.push(`${rel} could not be copied back: ${err.message}`);
    });
  }
  return notes;
}
