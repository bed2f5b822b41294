// "Prepare sandbox" with an image tarball shipped in resources/offline: loaded, not pulled or built.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SandboxService } from '../../electron/core/desktop/sandbox-service';
import { DEFAULT_APP_SETTINGS } from '../../electron/model/settings';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import { HASH_LABEL, imageExists, imageStatus, sandboxImageTag } from '../../electron/core/exec/docker/image';
import { ExecutorService } from '../../electron/core/exec/executor';
import { resourcesDir } from '../../electron/core/resources';
import { buildLabelled } from '../support/labelled-image';

const root = mkdtempSync(path.join(os.tmpdir(), 'pw-offline-'));
const ENV_KEYS = ['PLOTWRIGHT_RESOURCES_DIR', 'PLOTWRIGHT_TRUST_FILE'] as const;
const before = ENV_KEYS.map((k) => process.env[k]);
afterAll(() => {
  ENV_KEYS.forEach((k, i) => {
    if (before[i] === undefined) delete process.env[k];
    else process.env[k] = before[i];
  });
  rmSync(root, { recursive: true, force: true });
});

it('loads the bundled image tarball when Docker lacks the image', async () => {
  const probe = await detectEngine();
  if (!probe.ok) throw new Error(`a Docker engine is required: ${probe.reason}`);
  const { docker } = probe;
  // A resources folder whose sandbox context differs, so its image tag is one Docker does not have.
  const resources = path.join(root, 'resources');
  cpSync(path.join(resourcesDir(), 'sandbox'), path.join(resources, 'sandbox'), { recursive: true });
  writeFileSync(path.join(resources, 'sandbox', 'python', 'offline-marker.py'), `# ${Date.now()}\n`);
  process.env.PLOTWRIGHT_RESOURCES_DIR = resources;
  process.env.PLOTWRIGHT_TRUST_FILE = path.join(root, 'trusted-images.json');
  const tag = await sandboxImageTag();
  expect(await imageExists(docker, tag)).toBe(false);
  // The tarball: a small real image saved under that tag, with the hash label the build would give
  // it (a stand-in for the full sandbox image).
  const version = tag.split(':')[1]!;
  const loadedId = await buildLabelled(docker, 'plotwright-base:bookworm', tag, { [HASH_LABEL]: version });
  mkdirSync(path.join(resources, 'offline'));
  const saved = (await docker.getImage(tag).get()) as NodeJS.ReadableStream;
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  await pipeline(saved, createWriteStream(path.join(resources, 'offline', 'sandbox-image.tar')));
  await docker.getImage(tag).remove();
  expect(await imageExists(docker, tag)).toBe(false);

  const progress: string[] = [];
  const service = new SandboxService(
    new ExecutorService(),
    { emit: (c, p) => void progress.push(`${c}:${JSON.stringify(p)}`) },
    () => DEFAULT_APP_SETTINGS,
    undefined,
  );
  const status = await service.prepare();
  expect(status.image).toMatchObject({ tag, present: true, preparing: false, trusted: true });
  // trusted because it was loaded from the bundle, not built: the ID is the tarball's
  expect(await imageStatus(docker, tag)).toMatchObject({ trusted: true, how: 'loaded', imageId: loadedId });
  expect(progress.some((p) => p.includes('loading the bundled sandbox image'))).toBe(true);
  expect(progress.some((p) => p.includes('"phase":"done"'))).toBe(true);
  await docker.getImage(tag).remove();
});
