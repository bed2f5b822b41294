// The Docker sandbox on the real engine: hardening as inspected by Docker, warm reuse, orphans.
import type Docker from 'dockerode';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import { imageStatus, sandboxImageTag } from '../../electron/core/exec/docker/image';
import { DockerSandbox, LABEL, removeOrphans } from '../../electron/core/exec/docker/docker-sandbox';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import { DEFAULT_LIMITS, ModeUnavailableError } from '../../electron/model/exec/types';
import { SALES_CSV } from './support/env';

let docker: Docker;
let root: string;
const executor = new ExecutorService({
  mode: 'docker',
  limits: { ...DEFAULT_LIMITS, memoryMb: 768, cpus: 1.5, pids: 100 },
});
let session: ExecSession;

beforeAll(async () => {
  const probe = await detectEngine();
  if (!probe.ok) throw new Error(`a Docker engine is required: ${probe.reason}`);
  docker = probe.docker;
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-docker-'));
  session = await executor.openSession({
    workspaceDir: path.join(root, 'ws'),
    inputs: [SALES_CSV],
    conversationId: 'conv-hardening',
  });
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

function container(): Docker.Container {
  if (!(session.sandbox instanceof DockerSandbox)) throw new Error(`expected Docker, got ${session.mode}`);
  return session.sandbox.container;
}

describe('container hardening, as Docker reports it', () => {
  it('has no network, a read-only root, no capabilities, no new privileges and limits', async () => {
    const info = await container().inspect();
    const host = info.HostConfig;
    expect(host.NetworkMode).toBe('none');
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.Privileged).toBe(false);
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(host.Memory).toBe(768 * 1024 * 1024);
    expect(host.MemorySwap).toBe(768 * 1024 * 1024);
    expect(host.NanoCpus).toBe(1.5e9);
    expect(host.PidsLimit).toBe(100);
    expect(Object.keys(host.Tmpfs ?? {})).toEqual(['/tmp']);
    expect(info.Config.User).not.toMatch(/^(0|root)(:|$)/);
    expect(info.Config.Labels[LABEL]).toBe('1');
    expect(info.Config.Labels[`${LABEL}.conversation`]).toBe('conv-hardening');
    // created from the image ID that was verified, never from whatever the tag names later
    const trusted = await imageStatus(docker, await sandboxImageTag());
    expect(trusted.trusted).toBe(true);
    expect(info.Config.Image).toBe(trusted.imageId);
    expect(info.Image).toBe(trusted.imageId);
  });

  it('mounts only the workspace, with the input file read-only on top', async () => {
    const mounts = (await container().inspect()).Mounts.map((m) => [m.Destination, m.RW]).sort();
    expect(mounts).toEqual([
      ['/workspace', true],
      ['/workspace/sales.csv', false],
    ]);
  });

  it('runs the code as a non-root user without capabilities', async () => {
    const r = await session.run(
      'python',
      "import os\nprint(os.getuid() != 0)\nprint(open('/proc/self/status').read().split('CapEff:')[1].split()[0])",
    );
    expect(r.output).toBe('True\n0000000000000000\n');
  });

  it('keeps one warm container for the conversation, and the kernel state in it', async () => {
    const id = container().id;
    await session.run('python', "import pandas as pd\ndf = pd.read_csv('sales.csv')");
    const r = await session.run('python', "print(df.groupby('region').revenue.sum().to_dict())");
    expect(r.output).toBe("{'East': 18500, 'North': 31800, 'South': 20200, 'West': 20600}\n");
    expect(container().id).toBe(id);
    const listed = await docker.listContainers({
      filters: { label: [`${LABEL}.conversation=conv-hardening`] },
    });
    expect(listed.map((c) => c.Id)).toEqual([id]);
  });
});

describe('orphaned containers', () => {
  async function labelled(owner: string): Promise<Docker.Container> {
    const c = await docker.createContainer({
      Image: await sandboxImageTag(),
      Labels: { [LABEL]: '1', [`${LABEL}.owner`]: owner },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    return c;
  }

  it('removes containers of a Plotwright process that is gone, and only those', async () => {
    const dead = spawnSync('true').pid!; // a pid that has exited
    const orphan = await labelled(`${os.hostname()}/${dead}`);
    const mine = await labelled(`${os.hostname()}/${process.pid}`);
    const elsewhere = await labelled(`another-machine/${dead}`);
    try {
      const removed = await removeOrphans(docker);
      expect(removed.length).toBeGreaterThanOrEqual(1);
      await expect(orphan.inspect()).rejects.toThrow(/no such container/i);
      expect((await mine.inspect()).State.Running).toBe(true);
      expect((await elsewhere.inspect()).State.Running).toBe(true);
    } finally {
      for (const c of [orphan, mine, elsewhere]) await c.remove({ force: true }).catch(() => undefined);
    }
  });
});

describe('mode selection', () => {
  it('docker mode fails with a clear error when no engine answers', async () => {
    const none = new ExecutorService(
      { mode: 'docker' },
      {
        detectEngine: async () => ({
          ok: false,
          reason: 'no Docker engine found (tried unix:///nope.sock)',
          hint: 'start Docker',
          tried: [],
        }),
      },
    );
    const attempt = none.openSession({ workspaceDir: path.join(root, 'ws-none') });
    await expect(attempt).rejects.toBeInstanceOf(ModeUnavailableError);
    await expect(attempt).rejects.toThrow(
      'Docker is not available (no Docker engine found (tried unix:///nope.sock))',
    );
  });

  it('auto mode falls back to the local sandbox and says why', async () => {
    const none = new ExecutorService(
      { mode: 'auto' },
      {
        detectEngine: async () => ({
          ok: false,
          reason: 'no Docker engine found',
          hint: 'start Docker',
          tried: [],
        }),
      },
    );
    const fallback = await none.openSession({ workspaceDir: path.join(root, 'ws-auto') });
    const r = await fallback.run('python', 'print(1)');
    expect(r.mode).toBe('local');
    expect(r.warnings[0]).toBe(
      'Docker is not available (no Docker engine found); running in the local sandbox instead.',
    );
    await none.shutdown();
  });

  it('auto mode uses Docker when the engine and image are there', async () => {
    const auto = new ExecutorService({ mode: 'auto' });
    const s = await auto.openSession({ workspaceDir: path.join(root, 'ws-auto-docker') });
    expect((await s.run('python', 'print(1)')).mode).toBe('docker');
    await auto.shutdown();
  });

  it('off mode runs nothing', async () => {
    await expect(
      executor.openSession({ workspaceDir: path.join(root, 'ws-off'), mode: 'off' }),
    ).rejects.toThrow('code execution is turned off');
  });
});
