import { execFile } from 'node:child_process';
import { detectEngine, type EngineProbe } from './docker/engine';
import { imageStatus, sandboxImageTag } from './docker/image';
import { detectBubblewrap } from './local/bwrap';
import { discoverPython, pythonHint } from './local/python';
import { ExecutorService } from './executor';
import { isolationHint } from './local/runner';
import type { IsolationReport } from '../../model/exec/isolation';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  hint?: string;
}

/** What the isolation probe observed in one mode (or why that mode is unavailable here). */
export interface ModeIsolation {
  available: boolean;
  verified: boolean;
  runner: string | null;
  checks: { name: string; passed: boolean; detail: string }[];
  /** Failed checks, or why the mode is unavailable / the probe could not run. */
  failed: string[];
  durationMs: number | null;
  cached: boolean;
}

export interface DoctorReport {
  checks: Check[];
  /** What `auto` mode would use right now, or null when nothing can run code. */
  autoMode: 'docker' | 'local' | null;
  /** Per mode, what the probe saw inside the sandbox: `passed` is observed, not configured. */
  isolation: { docker: ModeIsolation; local: ModeIsolation };
}

type ProbeMode = (
  mode: 'docker' | 'local',
) => Promise<IsolationReport | { unavailable: string; hint: string }>;

export async function modeIsolation(probe: ProbeMode, mode: 'docker' | 'local'): Promise<ModeIsolation> {
  const r = await probe(mode);
  if ('unavailable' in r)
    return {
      available: false,
      verified: false,
      runner: null,
      checks: [],
      failed: [r.unavailable],
      durationMs: null,
      cached: false,
    };
  return {
    available: true,
    verified: r.verified,
    runner: r.runner,
    checks: r.checks.map(({ name, passed, detail }) => ({ name, passed, detail })),
    failed: r.failed,
    durationMs: r.durationMs,
    cached: r.cached,
  };
}

function run(file: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) =>
    execFile(file, args, { timeout: 3000 }, (err, stdout) => resolve(err ? null : stdout.trim())),
  );
}

/** Electron's safeStorage needs an OS keychain; on Linux that is the Secret Service or KWallet. */
export async function keychainCheck(env: NodeJS.ProcessEnv = process.env): Promise<Check> {
  const name = 'OS keychain';
  if (process.platform === 'darwin') return { name, status: 'ok', detail: 'macOS Keychain' };
  if (process.platform === 'win32') return { name, status: 'ok', detail: 'Windows DPAPI' };
  const hint =
    'install and unlock GNOME Keyring or KWallet; without one, API keys are kept for the session only';
  if (!env.DBUS_SESSION_BUS_ADDRESS)
    return { name, status: 'warn', detail: 'no D-Bus session bus, so no Secret Service', hint };
  for (const service of ['org.freedesktop.secrets', 'org.kde.kwalletd6', 'org.kde.kwalletd5']) {
    const out = await run('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${service}`,
    ]);
    if (out?.includes('boolean true')) return { name, status: 'ok', detail: service };
  }
  return { name, status: 'warn', detail: 'no Secret Service or KWallet on the session bus', hint };
}

export async function runDoctor(
  deps: { engine?: () => Promise<EngineProbe>; probeMode?: ProbeMode } = {},
): Promise<DoctorReport> {
  const [probe, python, bwrap, keychain, tag] = await Promise.all([
    (deps.engine ?? (() => detectEngine()))(),
    discoverPython(),
    detectBubblewrap(),
    keychainCheck(),
    sandboxImageTag(),
  ]);
  const executor = deps.probeMode
    ? null
    : new ExecutorService({}, { detectEngine: () => Promise.resolve(probe) });
  const probeMode: ProbeMode = deps.probeMode ?? ((mode) => executor!.probeMode(mode));
  // one after the other: the two probes would otherwise compete for the same two cores
  const isolation = {
    docker: await modeIsolation(probeMode, 'docker'),
    local: await modeIsolation(probeMode, 'local'),
  };
  await executor?.shutdown();
  const checks: Check[] = [];
  let imageReady = false;
  if (probe.ok) {
    const { info } = probe;
    checks.push({
      name: 'Docker engine',
      status: 'ok',
      detail: `Docker ${info.serverVersion} at ${info.host} (${info.os}/${info.arch}${info.remote ? ', remote' : ''})`,
    });
    const image = await imageStatus(probe.docker, tag);
    imageReady = image.trusted;
    checks.push(
      image.trusted
        ? {
            name: 'Sandbox image',
            status: 'ok',
            detail: `${tag}, trusted: ${image.how} by Plotwright ${image.at?.slice(0, 10)} (${image.imageId?.slice(0, 19)})`,
          }
        : {
            name: 'Sandbox image',
            status: 'fail',
            detail: image.present ? `not trusted: ${image.reason}` : `${tag} is not built`,
            hint: 'npm run sandbox:image',
          },
    );
  } else {
    checks.push({ name: 'Docker engine', status: 'fail', detail: probe.reason, hint: probe.hint });
    checks.push({ name: 'Sandbox image', status: 'fail', detail: 'needs a Docker engine', hint: probe.hint });
  }
  const skipped = python.candidates.filter((c) => c.status !== 'ok').map((c) => `${c.command}: ${c.detail}`);
  checks.push(
    python.chosen
      ? {
          name: 'Python and pandas',
          status: 'ok',
          detail: `${python.chosen.executable} (Python ${python.chosen.version}, pandas ${python.chosen.pandas}${python.chosen.matplotlib ? `, matplotlib ${python.chosen.matplotlib}` : ', no matplotlib'})${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`,
        }
      : {
          name: 'Python and pandas',
          status: 'fail',
          detail: `none found${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
          hint: pythonHint(),
        },
  );
  checks.push(
    bwrap.available
      ? { name: 'bubblewrap', status: 'ok', detail: `bubblewrap ${bwrap.version} at ${bwrap.path}` }
      : {
          name: 'bubblewrap',
          status: process.platform === 'linux' ? 'warn' : 'ok',
          detail: bwrap.reason,
          hint:
            process.platform === 'linux'
              ? 'sudo apt install bubblewrap (on Ubuntu 24.04+ also allow unprivileged user namespaces for bwrap)'
              : undefined,
        },
  );
  checks.push(keychain);
  for (const mode of ['docker', 'local'] as const) {
    const iso = isolation[mode];
    if (!iso.available) continue;
    checks.push({
      name: `Isolation (${mode})`,
      status: iso.verified ? 'ok' : 'warn',
      detail: iso.verified
        ? `verified by a probe inside ${iso.runner}: ${iso.checks.length} checks passed${iso.cached ? ' (cached)' : ` in ${iso.durationMs} ms`}`
        : `NOT verified (${iso.runner}): ${iso.failed.join(', ')} — code runs there only with your consent (--allow-unsandboxed)`,
      hint: iso.verified ? undefined : isolationHint(),
    });
  }
  const dockerUsable = probe.ok && !probe.info.remote && imageReady;
  return { checks, autoMode: dockerUsable ? 'docker' : python.chosen ? 'local' : null, isolation };
}
