// Isolation verified at run time: the probe inside the real local sandboxes (bubblewrap, none, a
// deliberately broken bubblewrap), judged by what the host observed. Docker: isolation-docker.test.ts.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsolationReport } from '../../electron/model/exec/isolation';
import { ExecutorService } from '../../electron/core/exec/executor';
import { IsolationVerifier } from '../../electron/core/exec/isolation/verify';
import { detectBubblewrap, type AvailableBubblewrap } from '../../electron/core/exec/local/bwrap';
import { requirePython } from '../../electron/core/exec/local/python';
import type { LocalRunner } from '../../electron/core/exec/local/runner';
import { LocalSandbox } from '../../electron/core/exec/local/local-sandbox';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { prepareWorkspace } from '../../electron/core/exec/workspace';
import { SALES_CSV } from './support/env';

let root: string;
let verifier: IsolationVerifier;
let bubblewrap: AvailableBubblewrap;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-isolation-'));
  verifier = new IsolationVerifier({ dataDir: path.join(root, 'data'), cacheFile: null });
  const bw = await detectBubblewrap();
  if (!bw.available) throw new Error(`bubblewrap is required here: ${bw.reason}`);
  bubblewrap = bw;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function probe(runner: LocalRunner, name: string): Promise<IsolationReport> {
  const sandbox = new LocalSandbox({
    workspace: await prepareWorkspace(path.join(root, name), [SALES_CSV]),
    python: await requirePython(),
    runner,
    limits: DEFAULT_LIMITS,
  });
  return verifier.verify(sandbox, { fresh: true });
}

const failed = (r: IsolationReport) => r.checks.filter((c) => !c.passed).map((c) => c.name);

describe('the isolation probe', () => {
  it('verifies bubblewrap: every check passes, from what the host observed', async () => {
    const report = await probe({ kind: 'bubblewrap', bubblewrap }, 'bwrap');
    expect(failed(report)).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.runner).toMatch(/^bubblewrap /);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['network', 'host-files', 'home-files', 'app-data', 'write-outside']),
    );
    expect(report.checks).toHaveLength(11);
  });

  it('verifies Docker the same way, through the same runner as the code (docker exec)', async () => {
    const executor = new ExecutorService({ mode: 'docker', dataDir: path.join(root, 'data-docker') });
    try {
      const report = await executor.probeMode('docker');
      if ('unavailable' in report) throw new Error(report.unavailable);
      expect(failed(report)).toEqual([]);
      expect(report.verified).toBe(true);
      expect(report.runner).toMatch(/^Docker /);
      expect(report.checks).toHaveLength(11);
    } finally {
      await executor.shutdown();
    }
  });

  it('finds everything open in a process without an OS sandbox', async () => {
    const report = await probe({ kind: 'none', reason: 'test: no OS sandbox' }, 'none');
    expect(report.verified).toBe(false);
    expect(report.runner).toBe('no OS sandbox');
    // what a plain process of the same user can always do
    for (const name of ['network', 'host-files', 'home-files', 'app-data', 'write-outside', 'host-processes'])
      expect(failed(report)).toContain(name);
    expect(failed(report)).toContain('signal-host');
    expect(failed(report)).toContain('environment');
  });

  it('turns a deliberately broken bubblewrap (network shared) into "unverified", naming the check', async () => {
    const wrapper = path.join(root, 'bwrap-share-net');
    // keeps the host's network namespace: drops --unshare-net, adds --share-net after --unshare-all
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        'for a in "$@"; do',
        '  shift',
        '  case "$a" in',
        '    --unshare-net) ;;',
        '    --unshare-all) set -- "$@" --unshare-all --share-net ;;',
        '    *) set -- "$@" "$a" ;;',
        '  esac',
        'done',
        `exec ${bubblewrap.path} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(wrapper, 0o755);
    const report = await probe(
      { kind: 'bubblewrap', bubblewrap: { ...bubblewrap, path: wrapper } },
      'broken',
    );
    expect(report.verified).toBe(false);
    expect(failed(report)).toEqual(['network']);
    expect(report.failed).toEqual(['network']);
  });

  it('a probe that cannot run is a failed probe, never a pass', async () => {
    const report = await probe(
      { kind: 'bubblewrap', bubblewrap: { ...bubblewrap, path: '/bin/false' } },
      'cannot-run',
    );
    expect(report.verified).toBe(false);
    expect(report.failed[0]).toMatch(/the probe could not run/);
  });

  it('caches a verdict per sandbox configuration, not across configurations', async () => {
    const cached = new IsolationVerifier({ dataDir: path.join(root, 'data2') });
    const make = async (runner: LocalRunner, name: string) =>
      new LocalSandbox({
        workspace: await prepareWorkspace(path.join(root, name), []),
        python: await requirePython(),
        runner,
        limits: DEFAULT_LIMITS,
      });
    const first = await cached.verify(await make({ kind: 'bubblewrap', bubblewrap }, 'c1'));
    const again = await cached.verify(await make({ kind: 'bubblewrap', bubblewrap }, 'c2'));
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.verified).toBe(true);
    const other = await cached.verify(await make({ kind: 'none', reason: 'test' }, 'c3'));
    expect(other.cached).toBe(false);
    expect(other.verified).toBe(false);
    // a second process reads the verdict from the data folder
    const reread = await new IsolationVerifier({ dataDir: path.join(root, 'data2') }).verify(
      await make({ kind: 'bubblewrap', bubblewrap }, 'c4'),
    );
    expect(reread.cached).toBe(true);
  });
});
