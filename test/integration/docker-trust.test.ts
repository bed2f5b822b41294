// The sandbox image is used only when Plotwright built, pulled or loaded it (docker/trust.ts), on the
// real engine. Nothing here touches the real sandbox tag: the trust file is a temporary one
// (PLOTWRIGHT_TRUST_FILE), impostors live under temporary tags, and the executor's tag is moved to a
// fresh hash with a copy of resources/ (PLOTWRIGHT_RESOURCES_DIR), so other suites keep their image.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxService } from '../../electron/core/desktop/sandbox-service';
import { DEFAULT_APP_SETTINGS } from '../../electron/model/settings';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import {
  ensureImage,
  HASH_LABEL,
  imageStatus,
  sandboxImageTag,
  splitImageRef,
  trustImage,
} from '../../electron/core/exec/docker/image';
import { addTrustRecord, engineIdentity, shortImageId } from '../../electron/core/exec/docker/trust';
import { runDoctor } from '../../electron/core/exec/doctor';
import { ExecutorService } from '../../electron/core/exec/executor';
import { ModeUnavailableError } from '../../electron/model/exec/types';
import { resourcesDir } from '../../electron/core/resources';
import { buildLabelled, MARKER_PATH, untag } from '../support/labelled-image';

const ENV_KEYS = ['PLOTWRIGHT_TRUST_FILE', 'PLOTWRIGHT_RESOURCES_DIR'] as const;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
const id = randomBytes(4).toString('hex');
const made: string[] = [];
const ADVICE = 'run `npm run sandbox:image` to rebuild it';
const MARKER_CHECK = `import os; print(os.path.exists(${JSON.stringify(MARKER_PATH)}))`;

let docker: Docker;
let tmp: string;
let trustFile: string;
let realTag: string;
let realHash: string;
let engine: string;
/** A tag of its own naming the real content hash: `pw-trust-<id>:<hash>`. */
let own: string;
/** The ID the app recorded for `own`. */
let trustedId: string;

const tagAs = async (image: string, ref: string) => {
  const { repo, tag } = splitImageRef(ref);
  await docker.getImage(image).tag({ repo, tag });
  made.push(ref);
};

beforeAll(async () => {
  const probe = await detectEngine();
  if (!probe.ok) throw new Error(`a Docker engine is required: ${probe.reason}`);
  docker = probe.docker;
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-trust-'));
  trustFile = path.join(tmp, 'state', 'trusted-images.json');
  realTag = await sandboxImageTag();
  realHash = splitImageRef(realTag).tag;
  engine = await engineIdentity(docker);
  own = `pw-trust-${id}:${realHash}`;
  made.push(own);
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  for (const ref of made) await untag(docker, ref).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

it('the image `npm run sandbox:image` prepared for this run is trusted (the default trust file)', async () => {
  const status = await imageStatus(docker, realTag);
  expect(status).toMatchObject({ present: true, trusted: true });
  expect(status.imageId).toBe((await docker.getImage(realTag).inspect()).Id);
});

describe('trust records', () => {
  it('an image the app builds is recorded with its ID and trusted; present the next time', async () => {
    expect(await imageStatus(docker, own, { trustFile })).toEqual({
      present: false,
      trusted: false,
      reason: `${own} is not built`,
    });
    expect(await ensureImage(docker, { tag: own, allowBuild: true, networkMode: 'host', trustFile })).toEqual(
      { tag: own, action: 'built' },
    );
    trustedId = (await docker.getImage(own).inspect()).Id;
    const status = await imageStatus(docker, own, { trustFile });
    expect(status).toMatchObject({ present: true, trusted: true, imageId: trustedId, how: 'built' });
    const file = JSON.parse(readFileSync(trustFile, 'utf8')) as { version: number; images: unknown[] };
    expect(file.version).toBe(1);
    expect(file.images).toEqual([{ engine, tag: own, imageId: trustedId, how: 'built', at: status.at }]);
    expect(readdirSync(path.dirname(trustFile))).toEqual(['trusted-images.json']); // no temporary left
    expect(await ensureImage(docker, { tag: own, trustFile })).toEqual({ tag: own, action: 'present' });
  });

  it('another image moved onto the tag is refused with the reason, and rebuilt over rather than used', async () => {
    // Built FROM the sandbox image, with its hash label and one extra file: only the ID gives it away.
    const impostor = await buildLabelled(docker, realTag, own, { [HASH_LABEL]: realHash }, 'impostor');
    expect(impostor).not.toBe(trustedId);
    const reason =
      `${own} is not an image Plotwright built or pulled on this machine (its ID ${shortImageId(impostor)} ` +
      `is not recorded; Plotwright recorded ${shortImageId(trustedId)}); ${ADVICE}`;
    expect(await imageStatus(docker, own, { trustFile })).toEqual({
      present: true,
      trusted: false,
      imageId: impostor,
      reason,
    });
    expect(reason).not.toContain('\n');
    await expect(ensureImage(docker, { tag: own, trustFile })).rejects.toThrow(reason);
    expect(await ensureImage(docker, { tag: own, allowBuild: true, networkMode: 'host', trustFile })).toEqual(
      { tag: own, action: 'built' },
    );
    expect(await imageStatus(docker, own, { trustFile })).toMatchObject({
      trusted: true,
      imageId: trustedId,
    });
    await docker.getImage(impostor).remove({ force: true });
  });

  it('an image whose hash label is not the tag’s is neither recorded nor trusted', async () => {
    const wrong = `pw-trust-${id}:0123456789ab`;
    await tagAs(realTag, wrong);
    const label = `its label ${HASH_LABEL} is "${realHash}", expected "0123456789ab"`;
    await expect(trustImage(docker, wrong, 'built', { trustFile })).rejects.toThrow(
      `the image built as ${wrong} is not the Plotwright sandbox for it (${label})`,
    );
    // Even a record of its ID (from an older version, say) does not make it usable.
    const imageId = (await docker.getImage(wrong).inspect()).Id;
    await addTrustRecord(
      { engine, tag: wrong, imageId, how: 'built', at: new Date().toISOString() },
      trustFile,
    );
    expect((await imageStatus(docker, wrong, { trustFile })).reason).toBe(
      `${wrong} is not the Plotwright sandbox image for this tag (${label}); ${ADVICE}`,
    );
  });

  it('a record for another engine does not count', async () => {
    const status = await imageStatus(docker, own, { trustFile, engine: 'some-other-engine' });
    expect(status).toMatchObject({ present: true, trusted: false });
    expect(status.reason).toContain(`(its ID ${shortImageId(trustedId)} is not recorded)`);
  });

  it('a corrupt trust file counts as empty, and the next record replaces it', async () => {
    writeFileSync(trustFile, '{"version":1,"images":[{"engine":"'); // cut short, as by a crash
    const status = await imageStatus(docker, own, { trustFile });
    expect(status).toMatchObject({ present: true, trusted: false, imageId: trustedId });
    expect(status.reason).toContain('is not recorded)');
    expect(await ensureImage(docker, { tag: own, allowBuild: true, networkMode: 'host', trustFile })).toEqual(
      { tag: own, action: 'built' },
    );
    const file = JSON.parse(readFileSync(trustFile, 'utf8')) as { images: { tag: string }[] };
    expect(file.images.map((r) => r.tag)).toEqual([own]);
    expect(await imageStatus(docker, own, { trustFile })).toMatchObject({ trusted: true });
  });
});

describe('an untrusted image under the sandbox tag the app uses', () => {
  let tag: string;
  let impostor: string;
  let reason: string;

  beforeAll(async () => {
    // A copy of resources/ with one more file: a sandbox tag nobody else uses.
    const resources = path.join(tmp, 'resources');
    cpSync(resourcesDir(), resources, { recursive: true });
    rmSync(path.join(resources, 'offline'), { recursive: true, force: true });
    writeFileSync(path.join(resources, 'sandbox', 'python', 'trust_marker.py'), `# ${id}\n`);
    process.env.PLOTWRIGHT_RESOURCES_DIR = resources;
    process.env.PLOTWRIGHT_TRUST_FILE = trustFile;
    tag = await sandboxImageTag();
    expect(tag).not.toBe(realTag);
    made.push(tag);
    // The impostor carries the right label for that tag: only its unrecorded ID gives it away.
    impostor = await buildLabelled(
      docker,
      realTag,
      tag,
      { [HASH_LABEL]: splitImageRef(tag).tag },
      'impostor',
    );
    reason = `${tag} is not an image Plotwright built or pulled on this machine (its ID ${shortImageId(impostor)} is not recorded); ${ADVICE}`;
  });

  afterAll(async () => {
    await docker
      .getImage(impostor)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('auto mode runs the code in the local sandbox instead, and says why', async () => {
    const executor = new ExecutorService({ mode: 'auto', allowImageBuild: false });
    try {
      const session = await executor.openSession({ workspaceDir: path.join(tmp, 'ws-auto') });
      expect(session.mode).not.toBe('docker');
      expect(session.sandbox.warnings[0]).toBe(
        `the sandbox image is not trusted: ${reason}; running in the local sandbox instead.`,
      );
      const r = await session.run('python', MARKER_CHECK);
      expect(r.output).toMatch(/^False\n/); // the marker file only the impostor has
    } finally {
      await executor.shutdown();
    }
  });

  it('doctor and the desktop status say it is not trusted, and why', async () => {
    const report = await runDoctor();
    expect(report.checks.find((c) => c.name === 'Sandbox image')).toEqual({
      name: 'Sandbox image',
      status: 'fail',
      detail: `not trusted: ${reason}`,
      hint: 'npm run sandbox:image',
    });
    expect(report.autoMode).not.toBe('docker');
    const service = new SandboxService(
      new ExecutorService(),
      { emit: () => undefined },
      () => DEFAULT_APP_SETTINGS,
    );
    const status = await service.status();
    expect(status.image).toEqual({ tag, present: false, preparing: false, trusted: false, reason });
    expect(status.effectiveMode).not.toBe('docker');
  });

  it('docker mode refuses it with the reason, or rebuilds it and runs in the rebuilt image', async () => {
    const strict = new ExecutorService({ mode: 'docker', allowImageBuild: false });
    const err = await strict.openSession({ workspaceDir: path.join(tmp, 'ws-strict') }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(ModeUnavailableError);
    expect(err?.message).toBe(`the sandbox image is not available (${reason})`);

    const builder = new ExecutorService({ mode: 'docker', allowImageBuild: true });
    try {
      const session = await builder.openSession({ workspaceDir: path.join(tmp, 'ws-docker') });
      expect(session.mode).toBe('docker');
      const r = await session.run('python', MARKER_CHECK);
      expect(r.output).toMatch(/^False\n/); // the marker file only the impostor has
      const status = await imageStatus(docker, tag);
      expect(status).toMatchObject({ present: true, trusted: true, how: 'built' });
      expect(status.imageId).not.toBe(impostor);
    } finally {
      await builder.shutdown();
    }
  });
});
