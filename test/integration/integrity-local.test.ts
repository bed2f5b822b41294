// Result integrity against the local sandbox (bubblewrap) and the unsandboxed fallback.
import { ExecutorService } from '../../electron/core/exec/executor';
import { requirePython } from '../../electron/core/exec/local/python';
import { LocalSandbox } from '../../electron/core/exec/local/local-sandbox';
import { ExecSession } from '../../electron/core/exec/session';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { prepareWorkspace } from '../../electron/core/exec/workspace';
import { integritySuite } from './support/integrity';
import { SALES_CSV } from './support/env';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const executor = new ExecutorService({ mode: 'local' });
afterAll(() => executor.shutdown());

integritySuite('local sandbox (bubblewrap)', () =>
  executor.openSession({
    workspaceDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'pw-integrity-')), 'ws'),
    inputs: [SALES_CSV],
    mode: 'local',
  }),
);

// Without an OS sandbox the code can reach the app itself (same user): only the supervisor's
// own channel is defended there, which is what these attacks try.
integritySuite(
  'no OS sandbox',
  async () => {
    const workspace = await prepareWorkspace(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'pw-integrity-none-')), 'ws'),
      [SALES_CSV],
    );
    const sandbox = new LocalSandbox({
      workspace,
      python: await requirePython(),
      runner: { kind: 'none', reason: 'test: no OS sandbox' },
      limits: DEFAULT_LIMITS,
    });
    return new ExecSession(sandbox, DEFAULT_LIMITS);
  },
  { procDefended: process.getuid?.() !== 0, sandboxed: false },
);
