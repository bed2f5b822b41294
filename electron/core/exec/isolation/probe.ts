/**
 * Isolation verified at run time: before a sandbox is trusted, a probe (resources/sandbox/kernel/
 * pw_probe.py) runs inside it with the same runner as the code, and tries what an attacker would.
 * The host sets the traps and judges from what it observes itself: a loopback listener it opened,
 * canary files with a random token outside the workspace, in the home folder and in the app's data
 * folder, files that appear where the probe tried to write, a sentinel process (with a marker in its
 * command line and a token in its environment) that notices being signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { looksSecret } from '../local/env';
import type { CheckName, IsolationCheck, IsolationReport } from '../../../model/exec/isolation';
import { oneLine } from '../../../model/text/one-line';

export interface ProbeOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** What a sandbox offers the probe: the same way in as its kernel's. */
export interface ProbeTarget {
  /** Runs pw_probe.py inside the sandbox with `spec` on its stdin. */
  runProbe(spec: string, timeoutMs: number): Promise<ProbeOutput>;
  /** e.g. "bubblewrap 0.8.0", "Docker 20.10.24", "no OS sandbox". */
  readonly runner: string;
}

export interface ProbeOptions {
  /** The app's data folder: a canary goes there, and the stored secrets are tried. */
  dataDir: string;
  home?: string;
  timeoutMs?: number;
}

interface ProbeResult {
  connect: string;
  interfaces: string[] | null;
  read: Record<string, string | { error: string }>;
  wrote: Record<string, boolean>;
  seen: number[];
  environToken: boolean;
  envNames: string[];
  signal: string;
  userns: string;
  outsideUid: number | null;
  rootOnly: string[];
  platform: string;
}

/**
 * A host process the probe must not see, read the environment of, or signal: a shell whose
 * command line carries `marker` and whose environment carries `token`. Being signalled ends it,
 * which the host sees.
 */
function startSentinel(marker: string, token: string): { child: ChildProcess; signalled: () => boolean } {
  const windows = process.platform === 'win32';
  const child = windows
    ? spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', marker], {
        env: { ELECTRON_RUN_AS_NODE: '1', PLOTWRIGHT_PROBE_TOKEN: token },
        stdio: 'ignore',
        windowsHide: true,
      })
    : spawn('/bin/sh', ['-c', 'while :; do sleep 1; done', marker], {
        env: { PATH: '/usr/bin:/bin', PLOTWRIGHT_PROBE_TOKEN: token },
        stdio: 'ignore',
        detached: true,
      });
  let signal: string | null = null;
  child.once('exit', (_code, sig) => (signal = sig ?? 'exited'));
  child.once('error', () => (signal = 'error'));
  return { child, signalled: () => signal !== null && signal !== 'SIGKILL' };
}

async function startListener(): Promise<{ server: net.Server; port: number; connections: () => number }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as net.AddressInfo).port, connections: () => count };
}

let rootOnlyCache: string[] | null = null;
/** Some files under /etc that only root may read (when the app runs as root, the code must not). */
function rootOnlyFiles(): string[] {
  if (process.getuid?.() !== 0 || process.platform === 'win32') return [];
  if (rootOnlyCache) return rootOnlyCache;
  const found: string[] = [];
  const stack: [string, number][] = [['/etc', 0]];
  let seen = 0;
  while (stack.length && found.length < 40 && seen < 5000) {
    const [dir, depth] = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      seen++;
      const full = path.join(dir, name);
      try {
        const st = lstatSync(full);
        if (st.isDirectory() && depth < 3) stack.push([full, depth + 1]);
        else if (st.isFile() && (st.mode & 0o004) === 0 && st.size > 0) found.push(full);
      } catch {
        // vanished
      }
    }
  }
  return (rootOnlyCache = found);
}

const check = (name: CheckName, passed: boolean, detail: string): IsolationCheck => ({
  name,
  passed,
  detail,
});
const read = (r: ProbeResult, file: string) => r.read[file];
const gotToken = (value: unknown, token: string) => typeof value === 'string' && value.includes(token);

/** Runs the probe in `target` and judges it; never throws (a probe that cannot run is a failed probe). */
export async function probeIsolation(target: ProbeTarget, options: ProbeOptions): Promise<IsolationReport> {
  const started = performance.now();
  const token = `pw-canary-${randomBytes(12).toString('hex')}`;
  const marker = `pw-sentinel-${randomBytes(8).toString('hex')}`;
  const home = options.home ?? os.homedir();
  const suffix = randomBytes(6).toString('hex');
  const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-probe-'));
  const files = {
    outside: path.join(outside, 'canary.txt'),
    home: path.join(home, `.plotwright-probe-${suffix}`),
    data: path.join(options.dataDir, `.probe-canary-${suffix}`),
    writeOutside: path.join(outside, `written-${suffix}`),
    writeHome: path.join(home, `.plotwright-probe-written-${suffix}`),
  };
  const secrets = ['secrets.json', 'settings.json', 'config.json']
    .map((f) => path.join(options.dataDir, f))
    .filter((f) => existsSync(f));
  const cleanup: (() => unknown)[] = [() => fs.rm(outside, { recursive: true, force: true })];
  const unplaced = new Set<string>();
  const finish = (checks: IsolationCheck[], failure?: string): IsolationReport => ({
    verified: !failure && checks.length > 0 && checks.every((c) => c.passed),
    runner: target.runner,
    checks,
    failed: failure ? [failure] : checks.filter((c) => !c.passed).map((c) => c.name),
    durationMs: Math.round(performance.now() - started),
    at: new Date().toISOString(),
    cached: false,
  });
  try {
    await fs.writeFile(files.outside, token, { mode: 0o644 });
    await fs.mkdir(options.dataDir, { recursive: true });
    for (const f of [files.home, files.data]) {
      // a folder the app cannot write to gets no canary: its check then cannot pass
      const placed = await fs.writeFile(f, token, { mode: 0o644, flag: 'wx' }).then(
        () => true,
        () => false,
      );
      if (placed) cleanup.push(() => fs.rm(f, { force: true }));
      else unplaced.add(f);
    }
    cleanup.push(() => fs.rm(files.writeHome, { force: true }));
    const sentinel = startSentinel(marker, token);
    cleanup.push(() => {
      try {
        process.kill(process.platform === 'win32' ? sentinel.child.pid! : -sentinel.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    const listener = await startListener();
    cleanup.push(() => new Promise((r) => listener.server.close(r)));
    const spec = {
      port: listener.port,
      sentinel: { pid: sentinel.child.pid, marker },
      token,
      read: [files.outside, files.home, files.data, ...secrets],
      write: [files.writeOutside, files.writeHome],
      rootOnly: rootOnlyFiles(),
    };
    const out = await target.runProbe(JSON.stringify(spec), options.timeoutMs ?? 20_000);
    let r: ProbeResult;
    try {
      r = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as ProbeResult;
      if (!r || typeof r !== 'object' || !r.read) throw new Error('no result');
    } catch {
      const why = (out.stderr.trim().split('\n').at(-1) ?? '').slice(0, 200);
      return finish([], `the probe could not run (exit ${out.code}${why ? `: ${why}` : ''})`);
    }
    await new Promise((res) => setTimeout(res, 30)); // let a signal reach the sentinel
    return finish(judge(r, { files, secrets, token, listener: listener.connections(), sentinel, unplaced }));
  } catch (err) {
    return finish([], `the probe could not run (${oneLine(err)})`);
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
  }
}

function judge(
  r: ProbeResult,
  ctx: {
    files: Record<'outside' | 'home' | 'data' | 'writeOutside' | 'writeHome', string>;
    secrets: string[];
    token: string;
    listener: number;
    sentinel: { signalled: () => boolean };
    unplaced: Set<string>;
  },
): IsolationCheck[] {
  const { files, token } = ctx;
  const extraInterfaces = (r.interfaces ?? []).filter((i) => i !== 'lo');
  const wroteOutside = existsSync(files.writeOutside);
  const wroteHome = existsSync(files.writeHome);
  const secretsRead = ctx.secrets.filter((f) => typeof read(r, f) === 'string');
  const secretEnv = r.envNames.filter((n) => looksSecret(n) && !/^(OLD)?PWD$/.test(n));
  const root = process.getuid?.() === 0;
  return [
    check(
      'network',
      ctx.listener === 0 && r.connect !== 'connected' && extraInterfaces.length === 0,
      ctx.listener > 0 || r.connect === 'connected'
        ? 'connected to a loopback port the app opened'
        : extraInterfaces.length
          ? `network interfaces visible: ${extraInterfaces.join(', ')}`
          : `could not connect to the app's loopback port (${r.connect})`,
    ),
    check(
      'host-files',
      !gotToken(read(r, files.outside), token),
      gotToken(read(r, files.outside), token)
        ? 'read a file the app placed outside the workspace'
        : 'a file outside the workspace could not be read',
    ),
    ctx.unplaced.has(files.home)
      ? check('home-files', false, 'not tested: no test file could be placed in your home folder')
      : check(
          'home-files',
          !gotToken(read(r, files.home), token),
          gotToken(read(r, files.home), token)
            ? 'read a file in your home folder'
            : 'your home folder could not be read',
        ),
    check(
      'app-data',
      !ctx.unplaced.has(files.data) && !gotToken(read(r, files.data), token) && secretsRead.length === 0,
      gotToken(read(r, files.data), token) || secretsRead.length
        ? `read the app's data folder${secretsRead.length ? ` (${secretsRead.map((f) => path.basename(f)).join(', ')})` : ''}`
        : "the app's data folder could not be read",
    ),
    check(
      'write-outside',
      !wroteOutside && !wroteHome,
      wroteOutside || wroteHome
        ? `created a file outside the workspace${wroteHome ? ' (in your home folder)' : ''}`
        : 'files outside the workspace could not be created',
    ),
    check(
      'host-processes',
      r.seen.length === 0,
      r.seen.length ? "saw one of the app's processes" : "the app's processes were not visible",
    ),
    check(
      'signal-host',
      !ctx.sentinel.signalled(),
      ctx.sentinel.signalled()
        ? "signalled one of the app's processes"
        : 'no host process could be signalled',
    ),
    check(
      'environment',
      !r.environToken && secretEnv.length === 0,
      r.environToken
        ? "read another process's environment"
        : secretEnv.length
          ? `its environment has secret-looking variables: ${secretEnv.join(', ')}`
          : 'no other environment readable, none of the app’s variables present',
    ),
    check(
      'user-namespace',
      r.userns !== 'created',
      r.userns === 'created' ? 'created a new user namespace' : `a new user namespace was ${r.userns}`,
    ),
    check(
      'host-root',
      r.outsideUid !== 0,
      r.outsideUid === 0
        ? 'runs as root on this computer'
        : `runs as host uid ${r.outsideUid ?? 'unknown'}, not root`,
    ),
    check(
      'root-only-files',
      r.rootOnly.length === 0,
      !root
        ? 'not applicable: the app does not run as root'
        : r.rootOnly.length
          ? `read files only root may read (${r.rootOnly.slice(0, 3).join(', ')})`
          : 'files only root may read stayed unreadable',
    ),
  ];
}
