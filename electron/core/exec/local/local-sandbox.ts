import { spawn, type ChildProcess } from 'node:child_process';
import { lchown, lstat, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { helperDir, kernelDir, KERNEL_SCRIPT } from '../../resources';
import type { ProbeOutput } from '../isolation/probe';
import type { KernelExit, KernelProcess } from '../kernel/client';
import { kernelArgs, SandboxIsolation, type Sandbox } from '../sandbox-base';
import type { ExecLimits } from '../../../model/exec/types';
import type { Workspace } from '../workspace';
import { bwrapInvocation, chownWorkspace, type BubblewrapStatus } from './bwrap';
import { buildSandboxEnv } from './env';
import { descendantsOf, userProcessCount } from './procs';
import type { PythonInfo } from './python';
import { runnerFromBubblewrap, runnerLabel, type LocalRunner } from './runner';
import { seatbeltCommand } from './seatbelt';

export interface LocalSandboxOptions {
  workspace: Workspace;
  python: PythonInfo;
  /** The OS sandbox to use (exec/local/runner.ts); or, for callers that only know bubblewrap, its status. */
  runner?: LocalRunner;
  bubblewrap?: BubblewrapStatus;
  limits: ExecLimits;
  /** Import pandas before `ready` so the first block is fast (off for stateless runs). */
  preload?: boolean;
}

/** What the local runner does not isolate by design, in plain words (the probe reports the rest). */
export function localCaveats(runner: LocalRunner): string[] {
  if (runner.kind === 'bubblewrap' || runner.kind === 'seatbelt')
    return [
      `Local sandbox (${runnerLabel(runner)}), not Docker: memory is limited per process rather than in total, and the code shares this computer's kernel.`,
    ];
  const limited = process.getuid?.() === 0 ? 'time and memory' : 'time, memory and process count';
  return [
    `No OS sandbox (${runner.reason}): the code runs as your user with network access, can read and change your files and can see and signal your other programs; only the environment is scrubbed and ${limited} are limited.`,
  ];
}

/** /dev/shm is RAM the per-process memory limit does not see: its size comes out of the memory limit. */
export function shmMb(memoryMb: number): number {
  return Math.max(16, Math.min(256, Math.floor(memoryMb / 8)));
}

/**
 * The local restricted sandbox: a scrubbed environment, the workspace as current folder, resource
 * limits, and an OS sandbox where there is one — bubblewrap on Linux (no network, a read-only host
 * with the home folder hidden, a private /tmp and /dev/shm, its own PID namespace, no new user
 * namespaces, never host root), Seatbelt on macOS. Whether that isolation holds is for the
 * run-time probe to say, not for this class.
 */
export class LocalSandbox extends SandboxIsolation implements Sandbox {
  readonly mode = 'local' as const;
  readonly description: string;
  readonly runner: string;
  readonly configKey: string;
  protected readonly caveats: string[];
  private readonly how: LocalRunner;
  private owned = false;

  constructor(private readonly options: LocalSandboxOptions) {
    super();
    const { python } = options;
    this.how =
      options.runner ?? runnerFromBubblewrap(options.bubblewrap ?? { available: false, reason: 'not given' });
    this.runner = runnerLabel(this.how);
    const where =
      this.how.kind === 'none' ? 'local process, no OS sandbox' : `local sandbox (${this.runner})`;
    this.description = `${where}, Python ${python.version} (${python.executable}), pandas ${python.pandas}`;
    this.caveats = localCaveats(this.how);
    const bw = this.how.kind === 'bubblewrap' ? this.how.bubblewrap : null;
    this.configKey = JSON.stringify([
      'local',
      this.how.kind,
      bw && [bw.path, bw.version, bw.supportsDisableUserns, bw.seccompArch, bw.dropRoot],
      python.executable,
      process.platform,
      process.getuid?.() ?? null,
    ]);
  }

  get workspace(): Workspace {
    return this.options.workspace;
  }

  /** The command line for `script args…` under this sandbox, with what spawn needs. */
  private async command(
    script: string,
    args: string[],
  ): Promise<{
    file: string;
    argv: string[];
    extraStdio: number[];
    close: () => void;
  }> {
    const { workspace: ws, python, limits } = this.options;
    const program = [python.executable, script, ...args];
    const layout = {
      workspace: ws.dir,
      tmp: ws.tmpDir,
      readOnlyFiles: ws.inputs.map((i) => i.path),
      roots: [...python.roots, kernelDir(), helperDir()],
      home: ws.homeDir,
      shmBytes: shmMb(limits.memoryMb) * 1024 * 1024,
    };
    if (this.how.kind === 'bubblewrap') {
      const bw = this.how.bubblewrap;
      // The code may have replaced its /tmp folder by a symlink (to ~/.ssh, say): the next start
      // would mount that. A fresh real folder instead.
      await realFolder(ws.tmpDir);
      if (bw.dropRoot && !this.owned) {
        // the code runs as an unprivileged host uid: it needs its workspace, nothing else of root's
        await chownWorkspace(ws.dir, bw.dropRoot.uid, bw.dropRoot.gid, layout.readOnlyFiles);
        this.owned = true;
      } else if (bw.dropRoot) await lchown(ws.tmpDir, bw.dropRoot.uid, bw.dropRoot.gid);
      // asPid1: the supervisor is the namespace's init, so no bwrap process holding the protocol
      // pipes stays inside for the code to reach through /proc (as root, bwrap's root-owned init
      // stays pid 1 instead: the code, uid 10001, cannot reach it, and it takes the namespace down).
      const inv = bwrapInvocation({ ...layout, asPid1: true }, bw);
      return {
        file: inv.command,
        argv: [...inv.args, ...program],
        extraStdio: inv.extraStdio,
        close: inv.close,
      };
    }
    if (this.how.kind === 'seatbelt') {
      const [file, argv] = seatbeltCommand(layout, { home: os.homedir() });
      return { file, argv: [...argv, ...program], extraStdio: [], close: () => undefined };
    }
    return { file: program[0]!, argv: program.slice(1), extraStdio: [], close: () => undefined };
  }

  private async spawnInSandbox(script: string, args: string[]): Promise<ChildProcess> {
    const { workspace: ws, python, limits } = this.options;
    const env = buildSandboxEnv({
      home: ws.homeDir,
      tmp: this.how.kind === 'bubblewrap' ? '/tmp' : ws.tmpDir,
      helperDir: helperDir(),
      pythonDir: path.dirname(python.executable),
      cpus: limits.cpus,
    });
    const cmd = await this.command(script, args);
    try {
      return spawn(cmd.file, cmd.argv, {
        cwd: ws.dir,
        env,
        stdio: ['pipe', 'pipe', 'pipe', ...cmd.extraStdio],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } finally {
      cmd.close();
    }
  }

  async runProbe(spec: string, timeoutMs: number): Promise<ProbeOutput> {
    const child = await this.spawnInSandbox(path.join(kernelDir(), 'pw_probe.py'), []);
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(spec);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-1_000_000)));
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => killTree(child, this.how.kind !== 'none'), timeoutMs);
      child.once('error', (err) => ((stderr += err.message), resolve(null)));
      child.once('close', (c) => (clearTimeout(timer), resolve(c)));
    });
    return { stdout, stderr, code };
  }

  async startKernel(): Promise<KernelProcess> {
    const { workspace: ws, limits } = this.options;
    const sandboxed = this.how.kind !== 'none';
    // RLIMIT_NPROC counts the processes of a user: inside bubblewrap's user namespace that is only
    // the sandbox; when the app is root the code runs as uid 10001, whose other processes (other
    // conversations, containers run as 10001) count too; unsandboxed, the user's own processes do.
    const uid = process.getuid?.();
    const bw = this.how.kind === 'bubblewrap' ? this.how.bubblewrap : null;
    const nproc = bw
      ? bw.dropRoot
        ? userProcessCount(bw.dropRoot.uid) + limits.pids
        : limits.pids
      : uid !== undefined && uid !== 0 && process.platform === 'linux'
        ? userProcessCount(uid) + limits.pids
        : 0;
    const child = await this.spawnInSandbox(
      path.join(kernelDir(), KERNEL_SCRIPT),
      kernelArgs({
        workspace: ws.dir,
        chartsDir: ws.chartsDir,
        maxOutputBytes: limits.maxOutputBytes,
        memoryMb: this.how.kind === 'bubblewrap' ? limits.memoryMb - shmMb(limits.memoryMb) : limits.memoryMb,
        nproc,
        diskMb: limits.diskMb,
        diskExclude: ws.inputs.map((i) => i.path),
        preload: this.options.preload === false ? [] : ['pandas'],
      }),
    );
    const exited = new Promise<KernelExit>((resolve) => {
      // after the last protocol line: a message written just before exiting must not be lost
      child.once('exit', (code, signal) => {
        const drained = new Promise((r) => child.stdout!.once('end', r));
        void Promise.race([drained, new Promise((r) => setTimeout(r, 500))]).then(() =>
          resolve({ code, signal }),
        );
      });
      child.once('error', (err) =>
        resolve({ code: null, signal: null, detail: `could not start the kernel: ${err.message}` }),
      );
    });
    let killing: Promise<void> | null = null;
    const kill = () =>
      (killing ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
          return void (await exited);
        killTree(child, sandboxed);
        if (sandboxed) {
          const gone = await Promise.race([
            exited.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
          ]);
          if (!gone) signalAll([-child.pid, child.pid]);
        }
        await exited;
      })());
    return { stdin: child.stdin!, stdout: child.stdout!, stderr: child.stderr!, exited, kill };
  }

  async close(): Promise<void> {
    // Kernels are owned and closed by the session; the workspace stays for the conversation.
  }
}

/** `dir` as a real folder of its own (never a symlink or a file the code left in its place). */
async function realFolder(dir: string): Promise<void> {
  const st = await lstat(dir).catch(() => null);
  if (st?.isDirectory()) return;
  if (st) await rm(dir, { force: true, recursive: false });
  await mkdir(dir, { mode: 0o700 });
}

function signalAll(targets: number[]): void {
  for (const target of targets) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills a sandbox process and everything it started. */
function killTree(child: ChildProcess, sandboxed: boolean): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true });
  } else if (sandboxed) {
    // Kill the namespace's processes (the supervisor is its init): the kernel takes every process
    // in it along, and bubblewrap reaps it and exits instead of leaving a zombie.
    signalAll(descendantsOf(pid).reverse());
  } else {
    // Unsandboxed, detached grandchildren may have left the process group: kill the whole tree.
    signalAll([-pid, pid, ...(process.platform === 'linux' ? descendantsOf(pid) : [])]);
  }
}
