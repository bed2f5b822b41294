// The fallback when no OS sandbox exists (macOS, Windows, Linux without bubblewrap): the same
// attacks that it can survive, and a warning on every result for those it cannot.
import { ExecSession } from '../../electron/core/exec/session';
import { LocalSandbox } from '../../electron/core/exec/local/local-sandbox';
import { requirePython } from '../../electron/core/exec/local/python';
import { prepareWorkspace } from '../../electron/core/exec/workspace';
import { DEFAULT_LIMITS } from '../../electron/model/exec/types';
import { hostileSuite } from './support/hostile';
import { SALES_CSV } from './support/env';

hostileSuite('no OS sandbox (bubblewrap unavailable, faked)', {
  isolated: false,
  memoryFailure: /MemoryError/,
  open: async (workspaceDir, limits) => {
    const merged = { ...DEFAULT_LIMITS, ...limits };
    const sandbox = new LocalSandbox({
      workspace: await prepareWorkspace(workspaceDir, [SALES_CSV]),
      python: await requirePython(),
      bubblewrap: { available: false, reason: 'bubblewrap is not installed' },
      limits: merged,
    });
    return new ExecSession(sandbox, merged);
  },
});
