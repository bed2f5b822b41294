// Real Docker: engine detection, the sandbox image build, and a real pull through a loopback registry.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import {
  buildImage,
  defaultBaseImage,
  ensureImage,
  HASH_LABEL,
  imageExists,
  imageStatus,
  pullImage,
  sandboxContextDir,
  sandboxImageTag,
  trustImage,
} from '../../electron/core/exec/docker/image';
import type { ImageProgress } from '../../electron/model/exec/types';
import { ensureBaseImage } from '../../scripts/sandbox-image';
import { freePort, removeImage, startRegistry, type LoopbackRegistry } from '../support/registry';

const rand = () => randomBytes(4).toString('hex');

async function requireDocker(): Promise<Docker> {
  const probe = await detectEngine();
  if (!probe.ok)
    throw new Error(`Docker engine required for integration tests: ${probe.reason} (${probe.hint})`);
  return probe.docker;
}

/** Runs a one-off container (no network) and returns exit code and output. */
async function runIn(docker: Docker, image: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    Tty: true,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const logs = await c.logs({ stdout: true, stderr: true, follow: false });
    return { code: StatusCode, out: logs.toString('utf8') };
  } finally {
    await c.remove({ force: true });
  }
}

/** The sandbox image, built (and recorded as trusted) with the script's base-image helper unless it is
 * already there and trusted. */
async function sandboxImage(docker: Docker): Promise<{ tag: string; steps: ImageProgress[] }> {
  const tag = await sandboxImageTag();
  const steps: ImageProgress[] = [];
  if (!(await imageStatus(docker, tag)).trusted) {
    const base = await ensureBaseImage(docker, { log: (l) => console.info(`[base] ${l}`) });
    const t0 = Date.now();
    const id = await buildImage(docker, tag, {
      baseImage: base,
      networkMode: 'host',
      onProgress: (p) => steps.push(p),
    });
    await trustImage(docker, tag, 'built', { expectId: id });
    console.info(`[build] ${tag} built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { tag, steps };
}

describe('engine detection', () => {
  it('finds the running engine', async () => {
    const probe = await detectEngine();
    if (!probe.ok) throw new Error(`${probe.reason} — ${probe.hint}`);
    expect(probe.info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(probe.info.os).toBe('linux');
    expect(probe.info.remote).toBe(false);
    expect(probe.info.ncpu).toBeGreaterThan(0);
    expect(await probe.docker.ping()).toBeTruthy();
  });
});

describe('sandboxImageTag', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'pw-ctx-'));
    cpSync(sandboxContextDir(), copy, { recursive: true });
    mkdirSync(path.join(copy, 'kernel'), { recursive: true });
    writeFileSync(path.join(copy, 'kernel', 'placeholder_kernel.py'), 'print("hi")\n');
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is stable and well-formed', async () => {
    const a = await sandboxImageTag();
    expect(a).toMatch(/^plotwright-sandbox:[0-9a-f]{12}$/);
    expect(await sandboxImageTag()).toBe(a);
    expect(await sandboxImageTag(copy)).toBe(await sandboxImageTag(copy));
  });

  it('changes when a context file changes, not for bytecode caches', async () => {
    const before = await sandboxImageTag(copy);
    mkdirSync(path.join(copy, 'kernel', '__pycache__'), { recursive: true });
    writeFileSync(path.join(copy, 'kernel', '__pycache__', 'x.cpython-311.pyc'), 'junk');
    writeFileSync(path.join(copy, 'kernel', 'stray.pyc'), 'junk');
    expect(await sandboxImageTag(copy)).toBe(before);
    writeFileSync(path.join(copy, 'kernel', 'placeholder_kernel.py'), 'print("changed")\n');
    const after = await sandboxImageTag(copy);
    expect(after).not.toBe(before);
    writeFileSync(path.join(copy, 'kernel', 'placeholder_kernel.py'), 'print("hi")\n');
    expect(await sandboxImageTag(copy)).toBe(before);
  });
});

describe('sandbox image', () => {
  let docker: Docker;
  let tag: string;
  let steps: ImageProgress[];
  beforeAll(async () => {
    docker = await requireDocker();
    ({ tag, steps } = await sandboxImage(docker));
  });

  it('exists, carries the content hash label and reports build steps when built', async () => {
    expect(await imageExists(docker, tag)).toBe(true);
    const info = await docker.getImage(tag).inspect();
    expect(info.Config.Labels?.[HASH_LABEL]).toBe(tag.split(':')[1]);
    expect(info.Config.Labels?.['org.plotwright.sandbox']).toBe('1');
    expect(info.Config.User).toBe('10001:10001');
    if (steps.length) {
      const builds = steps.filter((p) => p.phase === 'build');
      expect(builds.at(-1)).toMatchObject({ step: builds.at(-1)!.totalSteps });
      expect(steps.at(-1)).toEqual({ phase: 'done', tag });
    }
  });

  it('runs Python as uid 10001 with pandas, numpy and matplotlib, read-only code dirs', async () => {
    const script = [
      'import os, pandas, numpy, matplotlib',
      'print("ids", os.getuid(), os.getgid(), os.getcwd())',
      'print("writable", os.access("/opt/plotwright/kernel", os.W_OK), os.access("/workspace", os.W_OK))',
      'print("pandas", pandas.__version__)',
    ].join('\n');
    const { code, out } = await runIn(docker, tag, ['python3', '-c', script]);
    expect(out).toContain('ids 10001 10001 /workspace');
    expect(out).toContain('writable False True');
    expect(out).toMatch(/pandas \d+\.\d+/);
    expect(code).toBe(0);
  });

  it('ensureImage: present → nothing to do; missing without pull/build → one-line instruction', async () => {
    expect(await ensureImage(docker, { tag })).toEqual({ tag, action: 'present' });
    const missing = `plotwright-sandbox:missing-${rand()}`;
    await expect(ensureImage(docker, { tag: missing })).rejects.toThrow(
      /^sandbox image .* is not installed: run `npm run sandbox:image`/,
    );
    expect(await defaultBaseImage(docker)).toMatch(/^(plotwright-base:bookworm|debian:bookworm-slim)$/);
  });

  it('a failing build step rejects with a one-line message; a cancelled build rejects', async () => {
    const ctx = mkdtempSync(path.join(os.tmpdir(), 'pw-badctx-'));
    try {
      writeFileSync(path.join(ctx, 'Dockerfile'), 'ARG BASE\nFROM ${BASE}\nRUN echo boom-output && exit 3\n');
      const bad = `plotwright-sandbox:bad-${rand()}`;
      const err = await buildImage(docker, bad, {
        contextDir: ctx,
        baseImage: tag,
        networkMode: 'none',
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(
        /^image build of .* failed at step 3\/\d+ .*non-zero code: 3 \(last output: boom-output\)$/,
      );
      expect(err?.message).not.toContain('\n');
      const ac = new AbortController();
      ac.abort();
      await expect(
        buildImage(docker, bad, { contextDir: ctx, baseImage: tag, signal: ac.signal }),
      ).rejects.toThrow('image build cancelled');
    } finally {
      rmSync(ctx, { recursive: true, force: true });
    }
  });
});

describe('pull through a loopback registry', () => {
  let docker: Docker;
  let sandboxTag: string;
  let registry: LoopbackRegistry;
  let pulltestRef: string;
  /** The hash label the pulled test image carries (its own build context's hash). */
  let pulltestLabel: string;
  const id = rand();
  const cleanup: string[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-pull-'));
  const trustFile = path.join(tmp, 'trusted-images.json');

  beforeAll(async () => {
    docker = await requireDocker();
    ({ tag: sandboxTag } = await sandboxImage(docker));
    registry = await startRegistry(docker);
  });

  afterAll(async () => {
    await registry?.stop();
    for (const ref of cleanup) await removeImage(docker, ref).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('pulls with per-layer byte progress and tags the result', async () => {
    const ref = (pulltestRef = await registry.pushUnique('pulltest', {
      baseImage: sandboxTag,
      megabytes: 48,
    }));
    const target = `plotwright-sandbox:pulltest-${id}`;
    cleanup.push(target);
    const events: ImageProgress[] = [];
    const t0 = Date.now();
    const pulledId = await pullImage(docker, ref, target, { onProgress: (p) => events.push(p) });
    console.info(
      `[pull] ${ref} pulled in ${((Date.now() - t0) / 1000).toFixed(2)} s, ${events.length} events`,
    );
    const pulls = events.filter((p): p is Extract<ImageProgress, { phase: 'pull' }> => p.phase === 'pull');
    const last = pulls.at(-1)!;
    expect(Object.keys(last.layers).length).toBeGreaterThanOrEqual(1);
    expect(Object.values(last.layers).some((l) => l.status === 'Already exists')).toBe(true);
    const downloaded = Object.values(last.layers).filter((l) => (l.total ?? 0) > 0);
    expect(downloaded.length).toBeGreaterThanOrEqual(1);
    expect(last.bytesTotal).toBeGreaterThan(40 * 1024 * 1024);
    expect(last.bytesDone).toBe(last.bytesTotal);
    const done = pulls.map((p) => p.bytesDone);
    expect(done.every((v, i) => i === 0 || v >= done[i - 1]!)).toBe(true);
    expect(new Set(done.filter((v) => v > 0 && v < last.bytesTotal)).size).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toEqual({ phase: 'done', tag: target });
    const info = await docker.getImage(target).inspect();
    expect(info.Id).toBe(pulledId);
    expect(info.Config.User).toBe('10001:10001');
    pulltestLabel = info.Config.Labels![HASH_LABEL]!;
    expect(pulltestLabel).toMatch(/^[0-9a-f]{12}$/);
  });

  it('ensureImage pulls, tags the pulled image and records it as trusted', async () => {
    const target = `pw-ensure-${id}:${pulltestLabel}`;
    cleanup.push(target);
    expect(await ensureImage(docker, { tag: target, pullRef: pulltestRef, trustFile })).toEqual({
      tag: target,
      action: 'pulled',
    });
    const status = await imageStatus(docker, target, { trustFile });
    expect(status).toMatchObject({ present: true, trusted: true, how: 'pulled' });
    expect(status.imageId).toBe((await docker.getImage(target).inspect()).Id);
    expect(await ensureImage(docker, { tag: target, pullRef: pulltestRef, trustFile })).toEqual({
      tag: target,
      action: 'present',
    });
  });

  it('ensureImage refuses, and does not tag, a pulled image made for another tag', async () => {
    const target = `plotwright-sandbox:ensure-${id}`;
    cleanup.push(target);
    await expect(ensureImage(docker, { tag: target, pullRef: pulltestRef, trustFile })).rejects.toThrow(
      `image pull of ${pulltestRef} gave an image that is not the Plotwright sandbox ${target} (its label ${HASH_LABEL} is "${pulltestLabel}")`,
    );
    expect(await imageExists(docker, target)).toBe(false);
    expect((await imageStatus(docker, target, { trustFile })).present).toBe(false);
  });

  it('cancels a pull mid-way', async () => {
    const ref = await registry.pushUnique('canceltest', { baseImage: sandboxTag, megabytes: 48 });
    const target = `plotwright-sandbox:canceltest-${id}`;
    cleanup.push(target);
    const ac = new AbortController();
    const events: ImageProgress[] = [];
    const pending = pullImage(docker, ref, target, {
      signal: ac.signal,
      onProgress: (p) => {
        events.push(p);
        ac.abort();
      },
    });
    await expect(pending).rejects.toThrow('image pull cancelled');
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(await imageExists(docker, target)).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      pullImage(docker, `${registry.host}/plotwright-sandbox:x`, 'plotwright-sandbox:never', {
        signal: ac.signal,
      }),
    ).rejects.toThrow('image pull cancelled');
  });

  it('a registry port that does not answer gives a one-line error', async () => {
    const dead = await freePort();
    const ref = `127.0.0.1:${dead}/plotwright-sandbox:nothing`;
    const err = await pullImage(docker, ref, 'plotwright-sandbox:never', {}).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      new RegExp(`^image pull of ${ref.replace(/[.]/g, '\\.')} failed: .*refused`),
    );
    expect(err?.message).not.toContain('\n');
  });
});
