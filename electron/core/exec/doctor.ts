import { execFile } from 'node:child_process';
import { detectEngine, type EngineProbe } from './docker/engine';
import { imageExists, sandboxImageTag } from './docker/image';
import { detectBubblewrap } from './local/bwrap';
import { discoverPython, pythonHint } from './local/python';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  hint?: string;
}

export interface DoctorReport {
  checks: Check[];
  /** What `auto` mode would use right now, or null when nothing can run code. */
  autoMode: 'docker' | 'local' | null;
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

export async function runDoctor(deps: { engine?: () => Promise<EngineProbe> } = {}): Promise<DoctorReport> {
  const [probe, python, bwrap, keychain, tag] = await Promise.all([
    (deps.engine ?? (() => detectEngine()))(),
    discoverPython(),
    detectBubblewrap(),
    keychainCheck(),
    sandboxImageTag(),
  ]);
  const checks: Check[] = [];
  let imageReady = false;
  if (probe.ok) {
    const { info } = probe;
    checks.push({
      name: 'Docker engine',
      status: 'ok',
      detail: `Docker ${info.serverVersion} at ${info.host} (${info.os}/${info.arch}${info.remote ? ', remote' : ''})`,
    });
    imageReady = await imageExists(probe.docker, tag);
    checks.push(
      imageReady
        ? { name: 'Sandbox image', status: 'ok', detail: tag }
        : {
            name: 'Sandbox image',
            status: 'fail',
            detail: `${tag} is not built`,
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
  const dockerUsable = probe.ok && !probe.info.remote && imageReady;
  return { checks, autoMode: dockerUsable ? 'docker' : python.chosen ? 'local' : null };
}
