// Tiny images built FROM an existing one with chosen labels (and optionally one extra file), with no
// registry and no network: impostors for the trust tests, and pull-test images carrying the hash label
// the app expects.
//
//   const id = await buildLabelled(docker, sandboxTag, 'pw-impostor:abc', { [HASH_LABEL]: 'abc' }, 'evil');
import type Docker from 'dockerode';
import { packEntries } from '../../electron/core/exec/docker/archive';
import { readJsonLines } from '../../electron/core/exec/docker/progress';

/** Where the extra file lands in the image. */
export const MARKER_PATH = '/opt/plotwright-impostor';

/** Builds `FROM base` + `labels` (+ a file at MARKER_PATH with `marker`) as `tag`; returns the image ID. */
export async function buildLabelled(
  docker: Docker,
  base: string,
  tag: string,
  labels: Record<string, string>,
  marker?: string,
): Promise<string> {
  const dockerfile = `FROM ${base}\n${marker === undefined ? '' : `COPY marker ${MARKER_PATH}\n`}`;
  const entries = [
    { name: 'Dockerfile', type: 'file' as const, mode: 0o644, content: Buffer.from(dockerfile) },
  ];
  if (marker !== undefined) {
    entries.push({ name: 'marker', type: 'file', mode: 0o644, content: Buffer.from(marker) });
  }
  const stream = await docker.buildImage(packEntries(entries), {
    t: tag,
    labels,
    version: '1',
    rm: true,
    forcerm: true,
    networkmode: 'none',
  } as Docker.ImageBuildOptions);
  let error: string | undefined;
  await readJsonLines(stream, (e) => {
    error ??= e.errorDetail?.message ?? e.error;
  });
  if (error) throw new Error(`building ${tag} failed: ${error}`);
  return (await docker.getImage(tag).inspect()).Id;
}

/** Removes a tag (the image itself stays while other tags name it); absent is fine. */
export async function untag(docker: Docker, tag: string): Promise<void> {
  await docker
    .getImage(tag)
    .remove({ force: true })
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}
