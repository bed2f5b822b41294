// A remote engine cannot bind-mount local files. The same engine is driven here in remote
// mode, so the volume workspace, the upload and the copy-back run for real.
import type Docker from 'dockerode';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import { sandboxImageTag } from '../../electron/core/exec/docker/image';
import { DockerSandbox } from '../../electron/core/exec/docker/docker-sandbox';
import { ExecSession } from '../../electron/core/exec/session';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { prepareWorkspace, sha256File } from '../../electron/core/exec/workspace';
import { SALES_CSV } from './support/env';

let docker: Docker;
let root: string;
let session: ExecSession;
let sandbox: DockerSandbox;

beforeAll(async () => {
  const probe = await detectEngine();
  if (!probe.ok) throw new Error(`a Docker engine is required: ${probe.reason}`);
  docker = probe.docker;
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-remote-'));
  const workspace = await prepareWorkspace(path.join(root, 'ws'), [SALES_CSV]);
  sandbox = await DockerSandbox.create({
    docker,
    image: await sandboxImageTag(),
    workspace,
    limits: DEFAULT_LIMITS,
    conversationId: 'remote-test',
    engine: 'tcp://engine.example:2376',
    remote: true,
  });
  session = new ExecSession(sandbox, DEFAULT_LIMITS);
});
afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

it('mounts no local path: the workspace is a volume', async () => {
  const mounts = (await sandbox.container.inspect()).Mounts;
  expect(mounts.map((m) => [m.Type, m.Destination])).toEqual([['volume', '/workspace']]);
});

it('uploads the input, which the code can read but not change or delete', async () => {
  const r = await session.run(
    'python',
    "import os, pandas as pd\nprint(pd.read_csv('sales.csv').revenue.sum())\nfor label, act in [('write', lambda: open('sales.csv', 'w')), ('unlink', lambda: os.unlink('sales.csv')), ('rename', lambda: os.rename('sales.csv', 'x.csv')), ('chmod', lambda: os.chmod('sales.csv', 0o666))]:\n    try:\n        act(); print(label, 'succeeded')\n    except Exception as e:\n        print(label, type(e).__name__)",
  );
  expect(r.output).toBe(
    '91100\nwrite PermissionError\nunlink PermissionError\nrename PermissionError\nchmod PermissionError\n',
  );
  expect(await sha256File(path.join(sandbox.workspace.dir, 'sales.csv'))).toBe(await sha256File(SALES_CSV));
});

it('copies created files back to the local workspace, and says so', async () => {
  const r = await session.run(
    'python',
    "import pandas as pd, matplotlib.pyplot as plt\ndf = pd.read_csv('sales.csv')\ndf.groupby('region').revenue.sum().to_csv('by_region.csv')\nplt.bar(['a', 'b'], [1, 2])",
  );
  expect(r.exitCode).toBe(0);
  expect(r.artifacts.map((a) => a.name).sort()).toEqual(['by_region.csv', 'figure-2-1.png']);
  const local = path.join(sandbox.workspace.dir, 'by_region.csv');
  expect(readFileSync(local, 'utf8')).toBe(
    'region,revenue\nEast,18500\nNorth,31800\nSouth,20200\nWest,20600\n',
  );
  expect(readFileSync(path.join(sandbox.workspace.dir, 'figure-2-1.png')).subarray(1, 4).toString()).toBe(
    'PNG',
  );
  expect(r.warnings.join(' ')).toContain('is on another machine');
});

it('never copies back a symlink planted by the code', async () => {
  const r = await session.run('python', "import os\nos.symlink('/etc/passwd', 'passwd.txt')");
  expect(r.exitCode).toBe(0);
  expect(existsSync(path.join(sandbox.workspace.dir, 'passwd.txt'))).toBe(false);
});

it('copies back files a block wrote before it was stopped or timed out', async () => {
  const write = (name: string) =>
    `import time\nwith open('${name}', 'w') as f:\n    f.write('kept')\nprint('written', flush=True)\ntime.sleep(60)`;
  const stop = new AbortController();
  const stopped = await session.run('python', write('stopped.txt'), {
    signal: stop.signal,
    onOutput: (text) => text.includes('written') && stop.abort(),
  });
  expect(stopped.exitCode).toBe(130);
  expect(readFileSync(path.join(sandbox.workspace.dir, 'stopped.txt'), 'utf8')).toBe('kept');
  expect(stopped.warnings.join(' ')).toContain('before it was stopped: "stopped.txt"');
  const timedOut = await session.run('python', write('timed-out.txt'), { timeoutMs: 3000 });
  expect(timedOut.exitCode).toBe(124);
  expect(readFileSync(path.join(sandbox.workspace.dir, 'timed-out.txt'), 'utf8')).toBe('kept');
  const next = await session.run('python', "import os\nprint(os.path.exists('stopped.txt'))");
  expect(next.output).toBe('True\n');
});

it('removes the container and its volume on close', async () => {
  const volume = (await sandbox.container.inspect()).Mounts[0]!.Name!;
  await session.close();
  await expect(sandbox.container.inspect()).rejects.toThrow(/no such container/i);
  await expect(docker.getVolume(volume).inspect()).rejects.toThrow(/no such volume/i);
});
