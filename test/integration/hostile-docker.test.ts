// The hostile-code suite against the Docker sandbox, on the real engine and image.
import { ExecutorService } from '../../electron/core/exec/executor';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { hostileSuite } from './support/hostile';
import { SALES_CSV } from './support/env';

const executor = new ExecutorService({ mode: 'docker' });

hostileSuite('Docker sandbox', {
  isolated: true,
  memoryFailure: /out-of-memory killer: the 512 MB limit was reached/,
  open: (workspaceDir, limits) =>
    executor.openSession({
      workspaceDir,
      inputs: [SALES_CSV],
      mode: 'docker',
      limits: { ...DEFAULT_LIMITS, ...limits },
    }),
});
