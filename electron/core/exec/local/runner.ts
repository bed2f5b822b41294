/**
 * Which OS sandbox the local mode can use here: bubblewrap on Linux, Seatbelt (`sandbox-exec`) on
 * macOS, nothing on Windows. Choosing one is not trusting it: the run-time probe decides that
 * (exec/isolation/). PLOTWRIGHT_LOCAL_SANDBOX=none makes this machine behave like one without
 * an OS sandbox (to see the consent path, and for its tests).
 */
import { existsSync } from 'node:fs';
import { detectBubblewrap, type AvailableBubblewrap, type BubblewrapStatus } from './bwrap';
import { SANDBOX_EXEC } from './seatbelt';

export type LocalRunner =
  | { kind: 'bubblewrap'; bubblewrap: AvailableBubblewrap }
  | { kind: 'seatbelt'; path: string }
  | { kind: 'none'; reason: string };

export function runnerFromBubblewrap(bubblewrap: BubblewrapStatus): LocalRunner {
  return bubblewrap.available
    ? { kind: 'bubblewrap', bubblewrap }
    : { kind: 'none', reason: bubblewrap.reason };
}

export async function detectLocalRunner(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<LocalRunner> {
  if (env.PLOTWRIGHT_LOCAL_SANDBOX === 'none')
    return { kind: 'none', reason: 'the OS sandbox is turned off (PLOTWRIGHT_LOCAL_SANDBOX=none)' };
  if (platform === 'darwin')
    return existsSync(SANDBOX_EXEC)
      ? { kind: 'seatbelt', path: SANDBOX_EXEC }
      : { kind: 'none', reason: 'macOS without sandbox-exec' };
  if (platform === 'win32')
    return {
      kind: 'none',
      reason: 'Windows has no OS sandbox Plotwright can use (Docker Desktop gives isolation)',
    };
  return runnerFromBubblewrap(await detectBubblewrap());
}

/** How the runner is named in the UI, the reports and the probe's report. */
export function runnerLabel(runner: LocalRunner): string {
  if (runner.kind === 'bubblewrap') return `bubblewrap ${runner.bubblewrap.version}`;
  if (runner.kind === 'seatbelt') return 'Seatbelt (sandbox-exec)';
  return 'no OS sandbox';
}

/** How to get a verified sandbox on this platform. */
export function isolationHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux')
    return 'npm run sandbox:image (Docker), or install bubblewrap: sudo apt install bubblewrap';
  if (platform === 'darwin')
    return 'npm run sandbox:image with Docker Desktop (the macOS sandbox did not pass the probe)';
  return 'install Docker Desktop, then npm run sandbox:image: Windows has no OS sandbox Plotwright can use';
}
