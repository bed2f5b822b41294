import { spawn } from 'node:child_process';
import path from 'node:path';
import { helperDir, kernelDir, KERNEL_SCRIPT } from '../../resources';
import type { KernelExit, KernelProcess } from '../kernel/client';
import { kernelArgs, type Sandbox } from '../sandbox';
import type { ExecLimits } from '../types';
import type { Workspace } from '../workspace';
import { bwrapArgs, type BubblewrapStatus } from './bwrap';
import { buildSandboxEnv } from './env';
import { descendantsOf, userProcessCount } from './procs';
import type { PythonInfo } from './python';

export interface LocalSandboxOptions {
  workspace: Workspace;
  python: PythonInfo;
  bubblewrap: BubblewrapStatus;
  limits: ExecLimits;
  /** Import pandas before `ready` so the first block is fast (off for stateless runs). */
  preload?: boolean;
}

/** What the local sandbox does not isolate, in plain words: carried by every result. */
export function localWarnings(bubblewrap: BubblewrapStatus): string[] {
  if (bubblewrap.available) {
    return [
      "Local sandbox (bubblewrap), not Docker: no network and your files are hidden, but memory is limited per process rather than in total and the code shares this computer's kernel.",
    ];
  }
  const limited = process.getuid?.() === 0 ? 'time and memory' : 'time, memory and process count';
  return [
    `No OS sandbox (${bubblewrap.reason}): the code runs as your user with network access, can read and change your files and can see and signal your other processes; only the environment is scrubbed and ${limited} are limited.`,
  ];
}

/** Largest single file the code may write (RLIMIT_FSIZE). */
const FILE_SIZE_LIMIT_MB = 4096;

/**
 * The local restricted sandbox: a scrubbed environment, the workspace as current folder,
 * resource limits, and — on Linux with bubblewrap — no network, a read-only host with the
 * home folder hidden, a private /tmp and its own PID namespace.
 */
export class LocalSandbox implements Sandbox {
  readonly mode = 'local' as const;
  readonly isolated: boolean;
  readonly description: string;
  readonly warnings: string[];

  constructor(private readonly options: LocalSandboxOptions) {
    const { bubblewrap, python } = options;
    this.isolated = bubblewrap.available;
    const runner = bubblewrap.available
      ? `local sandbox (bubblewrap ${bubblewrap.version})`
      : 'local process, no OS sandbox';
    this.description = `${runner}, Python ${python.version} (${python.executable}), pandas ${python.pandas}`;
    this.warnings = localWarnings(bubblewrap);
  }

  get workspace(): Workspace {
    return this.options.workspace;
  }

  async startKernel(): Promise<KernelProcess> {
    const { workspace: ws, python, bubblewrap, limits } = this.options;
    const sandboxed = bubblewrap.available;
    const env = buildSandboxEnv({
      home: ws.homeDir,
      tmp: sandboxed ? '/tmp' : ws.tmpDir,
      helperDir: helperDir(),
      pythonDir: path.dirname(python.executable),
      cpus: limits.cpus,
    });
    // RLIMIT_NPROC counts per user; inside bubblewrap's user namespace that is only the sandbox.
    const uid = process.getuid?.();
    const nproc = sandboxed
      ? limits.pids
      : uid !== undefined && uid !== 0 && process.platform === 'linux'
        ? userProcessCount(uid) + limits.pids
        : 0;
    const script = [
      path.join(kernelDir(), KERNEL_SCRIPT),
      ...kernelArgs({
        workspace: ws.dir,
        chartsDir: ws.chartsDir,
        maxOutputBytes: limits.maxOutputBytes,
        memoryMb: limits.memoryMb,
        nproc,
        fsizeMb: FILE_SIZE_LIMIT_MB,
        preload: this.options.preload === false ? [] : ['pandas'],
      }),
    ];
    const [command, args] = sandboxed
      ? [
          bubblewrap.path,
          [
            ...bwrapArgs({
              workspace: ws.dir,
              tmp: ws.tmpDir,
              readOnlyFiles: ws.inputs.map((i) => i.path),
              roots: [...python.roots, kernelDir(), helperDir()],
              uid: uid === 0 ? 1000 : undefined,
            }),
            '--',
            python.executable,
            ...script,
          ],
        ]
      : [python.executable, script];
    const child = spawn(command, args, {
      cwd: ws.dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const exited = new Promise<KernelExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (err) =>
        resolve({ code: null, signal: null, detail: `could not start ${command}: ${err.message}` }),
      );
    });
    let killing: Promise<void> | null = null;
    const kill = () =>
      (killing ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
          return void (await exited);
        const pid = child.pid;
        const signal = (targets: number[]) => {
          for (const target of targets) {
            try {
              process.kill(target, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        };
        if (process.platform === 'win32') {
          spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true });
        } else if (sandboxed) {
          // Kill the PID namespace's init (the inner bwrap): the kernel takes every process in the
          // namespace with it, and the outer bwrap reaps it and exits instead of leaving a zombie.
          signal(descendantsOf(pid).reverse());
          const gone = await Promise.race([
            exited.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
          ]);
          if (!gone) signal([-pid, pid]);
        } else {
          // Unsandboxed, detached grandchildren may have left the process group: kill the whole tree.
          signal([-pid, pid, ...(process.platform === 'linux' ? descendantsOf(pid) : [])]);
        }
        await exited;
      })());
    return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, kill };
  }

  async close(): Promise<void> {
    // Kernels are owned and closed by the session; the workspace stays for the conversation.
  }
}
