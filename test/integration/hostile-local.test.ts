// The hostile-code suite against the local restricted sandbox (bubblewrap), real Python.
import { ExecutorService } from '../../electron/core/exec/executor';
import { detectBubblewrap } from '../../electron/core/exec/local/bwrap';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { beforeAll, expect, it } from 'vitest';
import { hostileSuite } from './support/hostile';
import { SALES_CSV } from './support/env';

beforeAll(async () => {
  const bwrap = await detectBubblewrap();
  if (!bwrap.available) throw new Error(`bubblewrap is required for these tests: ${bwrap.reason}`);
});

const executor = new ExecutorService({ mode: 'local' });

it('runs in bubblewrap here', async () => {
  expect((await detectBubblewrap()).available).toBe(true);
});

hostileSuite('local sandbox (bubblewrap)', {
  isolated: true,
  memoryFailure: /MemoryError/,
  open: (workspaceDir, limits) =>
    executor.openSession({
      workspaceDir,
      inputs: [SALES_CSV],
      mode: 'local',
      limits: { ...DEFAULT_LIMITS, ...limits },
    }),
});
