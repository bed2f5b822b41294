import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { chown, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { KERNEL_SCRIPT } from '../../resources';
import type { KernelExit, KernelProcess } from '../kernel/client';
import { buildSandboxEnv } from '../local/env';
import { isAlive } from '../local/procs';
import type { ProbeOutput } from '../isolation/probe';
import { kernelArgs, SandboxIsolation, type Sandbox } from '../sandbox-base';
import type { ExecLimits } from '../../../model/exec/types';
import type { Workspace } from '../workspace';
import { dockerErrorMessage } from './progress';
import { copyBack, MAX_COPY_BACK_FILES, uploadInputs } from './remote';

export const LABEL = 'app.plotwright';
export const SANDBOX_UID = 10001;
const IN_WORKSPACE = '/workspace';
const IN_KERNEL = '/opt/plotwright/kernel';

export interface DockerSandboxOptions {
  docker: Docker;
  /** The image's tag, for descriptions. */
  image: string;
  /** The verified image ID to create the container from (defaults to the tag). */
  imageId?: string;
  workspace: Workspace;
  limits: ExecLimits;
  conversationId: string;
  /** Engine description for the UI, e.g. "Docker 20.10.24 (unix:///var/run/docker.sock)". */
  engine: string;
  /** The engine cannot see this computer's files: keep the workspace in a volume and copy files. */
  remote?: boolean;
  preload?: boolean;
}

function ownerLabel(): string {
  return `${os.hostname()}/${process.pid}`;
}

/** Removes containers left by a Plotwright process on this machine that is no longer running. */
export async function removeOrphans(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=1`] } });
  const removed: string[] = [];
  for (const info of containers) {
    const [host, pidText] = (info.Labels[`${LABEL}.owner`] ?? '').split('/');
    const pid = Number(pidText);
    if (host !== os.hostname()) continue; // another machine's container on a shared engine
    if (pid === process.pid || (pid > 0 && isAlive(pid))) continue;
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch(() => undefined);
    removed.push(info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12));
  }
  return removed;
}

/** Bind-mounted files must be writable by the container user; as root we hand the workspace to it. */
async function chownTree(dir: string, uid: number, skip: Set<string>): Promise<void> {
  await chown(dir, uid, uid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full) || entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await chownTree(full, uid, skip);
    else await chown(full, uid, uid);
  }
}

/**
 * One container per conversation, kept warm and reused across blocks: no network, a
 * non-root user, a read-only root with a private tmpfs /tmp, every capability dropped,
 * no-new-privileges, memory/CPU/PID limits, and only the workspace mounted (the user's
 * data read-only on top of it). The kernel runs inside through `docker exec`.
 */
export class DockerSandbox extends SandboxIsolation implements Sandbox {
  readonly mode = 'docker' as const;
  protected readonly caveats: string[] = [];
  readonly description: string;
  readonly runner: string;
  readonly configKey: string;
  private restarting: Promise<void> | null = null;
  /** No kernel has run in the container since it was (re)started: nothing a block left is alive. */
  private fresh = true;

  private constructor(
    private readonly options: DockerSandboxOptions,
    readonly container: Docker.Container,
    private readonly user: string,
    imageId: string,
  ) {
    super();
    this.description = `Docker container ${options.image} on ${options.engine}`;
    this.runner = options.engine;
    // what the probe's verdict depends on: the engine, the exact image, the user, the limits' shape
    this.configKey = JSON.stringify(['docker', options.engine, imageId, user, Boolean(options.remote)]);
    if (options.remote) {
      this.caveats.push(
        `The Docker engine (${options.engine}) is on another machine: your file is uploaded to it, and files the code creates are copied back.`,
      );
    }
  }

  get workspace(): Workspace {
    return this.options.workspace;
  }

  static async create(options: DockerSandboxOptions): Promise<DockerSandbox> {
    const { docker, workspace: ws, limits, remote } = options;
    const uid = process.getuid?.();
    let user = `${SANDBOX_UID}:${SANDBOX_UID}`;
    if (remote) {
      // files live on the engine's machine; ownership there is the image user's
    } else if (process.platform === 'linux' && uid !== undefined && uid !== 0) {
      user = `${uid}:${process.getgid?.() ?? uid}`;
    } else if (uid === 0) {
      await chownTree(ws.dir, SANDBOX_UID, new Set(ws.inputs.map((i) => i.path)));
    }
    const name = `plotwright-${options.conversationId.replace(/[^a-zA-Z0-9_.-]/g, '').slice(0, 24) || 'session'}-${randomBytes(3).toString('hex')}`;
    const labels = {
      [LABEL]: '1',
      [`${LABEL}.conversation`]: options.conversationId,
      [`${LABEL}.owner`]: ownerLabel(),
      [`${LABEL}.created`]: new Date().toISOString(),
    };
    const storage = remote
      ? // an anonymous volume: removed with the container (`v: true`), orphans included
        { Mounts: [{ Type: 'volume' as const, Source: '', Target: IN_WORKSPACE }] }
      : {
          Binds: [
            `${ws.dir}:${IN_WORKSPACE}:rw`,
            ...ws.inputs.map((i) => `${i.path}:${IN_WORKSPACE}/${i.name}:ro`),
          ],
        };
    try {
      const container = await docker.createContainer({
        name,
        Image: options.imageId ?? options.image,
        User: user,
        WorkingDir: IN_WORKSPACE,
        NetworkDisabled: true,
        Labels: labels,
        HostConfig: {
          NetworkMode: 'none',
          ReadonlyRootfs: true,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          Memory: limits.memoryMb * 1024 * 1024,
          MemorySwap: limits.memoryMb * 1024 * 1024,
          NanoCpus: Math.round(limits.cpus * 1e9),
          PidsLimit: limits.pids,
          IpcMode: 'private',
          Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${Math.min(512, limits.diskMb)}m,mode=1777` },
          ...storage,
          Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
        },
      });
      await container.start();
      if (remote) await uploadInputs(container, IN_WORKSPACE, ws.inputs);
      const imageId = (await container.inspect()).Image;
      return new DockerSandbox(options, container, user, imageId);
    } catch (err) {
      throw new Error(`could not start the sandbox container: ${dockerErrorMessage(err)}`, { cause: err });
    }
  }

  private env(): string[] {
    const env = buildSandboxEnv({
      home: `${IN_WORKSPACE}/.home`,
      tmp: '/tmp',
      helperDir: '/opt/plotwright/python',
      cpus: this.options.limits.cpus,
      source: {},
    });
    env.PLOTWRIGHT_MPL_SEED = '/opt/plotwright/mplconfig';
    return Object.entries(env).map(([k, v]) => `${k}=${v}`);
  }

  async startKernel(): Promise<KernelProcess> {
    await this.restarting;
    // A new kernel never shares the container with what an earlier one left behind (a process
    // waiting to take over the next kernel's pipes before it hardens itself): restart it first.
    if (!this.fresh) await this.restartContainer();
    this.fresh = false;
    const { limits } = this.options;
    const { exec, stream, stdout, stderr } = await this.execAsSandbox([
      'python3',
      `${IN_KERNEL}/${KERNEL_SCRIPT}`,
      ...kernelArgs({
        workspace: IN_WORKSPACE,
        chartsDir: `${IN_WORKSPACE}/.plotwright/charts`,
        maxOutputBytes: limits.maxOutputBytes,
        diskMb: limits.diskMb,
        diskPaths: ['/tmp'],
        diskExclude: this.workspace.inputs.map((i) => `${IN_WORKSPACE}/${i.name}`),
        preload: this.options.preload === false ? [] : ['pandas'],
      }),
    ]);
    const startedAt = Date.now() / 1000;
    const exited = new Promise<KernelExit>((resolve) => {
      let done = false;
      const finish = async () => {
        if (done) return;
        done = true;
        stdout.end();
        stderr.end();
        const info = await exec.inspect().catch(() => null);
        const code = info?.ExitCode ?? null;
        const oom = code === 137 ? await this.oomSince(startedAt) : false;
        resolve({
          code,
          signal: code !== null && code > 128 ? `signal ${code - 128}` : null,
          detail: oom
            ? `killed by the out-of-memory killer: the ${limits.memoryMb} MB limit was reached`
            : undefined,
        });
      };
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    });
    const kill = () =>
      this.restartContainer()
        .then(() => exited)
        .then(() => undefined);
    return { stdin: stream, stdout, stderr, exited, kill };
  }

  /** `cmd` in the container as the code runs: the sandbox user, its environment, the workspace. */
  private async execAsSandbox(cmd: string[]) {
    const exec = await this.container.exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: this.user,
      WorkingDir: IN_WORKSPACE,
      Env: this.env(),
    });
    const stream = await exec.start({ hijack: true, stdin: true });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.options.docker.modem.demuxStream(stream, stdout, stderr);
    return { exec, stream, stdout, stderr };
  }

  /** Runs the isolation probe in the container, as the kernel runs: same user, environment, folder. */
  async runProbe(spec: string, timeoutMs: number): Promise<ProbeOutput> {
    await this.restarting;
    return this.execCapture(['python3', `${IN_KERNEL}/pw_probe.py`], spec, timeoutMs);
  }

  /** Runs `cmd` as the sandbox, `input` on its stdin, and collects what it writes (bounded). */
  private async execCapture(cmd: string[], input: string, timeoutMs: number): Promise<ProbeOutput> {
    const { exec, stream, stdout, stderr } = await this.execAsSandbox(cmd);
    stream.write(input);
    // half-close: the command reads its input to the end, then answers on the same stream
    (stream as unknown as { end: () => void }).end();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-1_000_000)));
    stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-10_000)));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stream.destroy();
        resolve();
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
    const info = await exec.inspect().catch(() => null);
    return { stdout: out, stderr: err, code: info?.ExitCode ?? null };
  }

  /** Did the kernel cgroup's OOM killer fire since `since`? (OOMKilled only covers PID 1; events cover all.) */
  private async oomSince(since: number): Promise<boolean> {
    try {
      const events = (await this.options.docker.getEvents({
        since: Math.floor(since),
        until: Math.ceil(Date.now() / 1000),
        filters: { container: [this.container.id], event: ['oom'] },
      })) as unknown as NodeJS.ReadableStream;
      let seen = false;
      for await (const chunk of events) if (String(chunk).includes('"oom"')) seen = true;
      return seen;
    } catch {
      return false;
    }
  }

  /** Kills every process in the container (a kernel, its children, a fork bomb) and starts it again. */
  private restartContainer(): Promise<void> {
    this.restarting ??= (async () => {
      await this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
      await this.container.wait().catch(() => undefined);
      await this.container.start().catch((err) => {
        throw new Error(`could not restart the sandbox container: ${dockerErrorMessage(err)}`);
      });
      this.fresh = true;
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  async collect(files: { path: string; size: number }[]): Promise<string[]> {
    if (!this.options.remote) return [];
    return copyBack(this.container, IN_WORKSPACE, this.workspace, files);
  }

  /**
   * A stopped block (timeout, Stop, crash) has no result listing its files, yet what it wrote
   * before is kept (in the volume): a remote engine's copy-back lists, in the restarted container,
   * the files changed within the block's duration (by the container's own clock) and copies them
   * back with the same checks as after a result. A local engine's workspace is the local folder.
   */
  async collectStopped(elapsedMs: number): Promise<string[]> {
    if (!this.options.remote) return [];
    await this.restarting?.catch(() => undefined);
    const inputs = this.workspace.inputs.map((i) => i.name);
    const listed = await this.execCapture(
      ['python3', '-I', '-c', LIST_CHANGED, String((elapsedMs + 2000) / 1000)],
      JSON.stringify(inputs),
      10_000,
    ).catch(() => null);
    const files = parseChanged(listed?.code === 0 ? listed.stdout : '');
    if (!files)
      return [
        'the files the stopped block wrote could not be listed on the remote engine: none was copied back',
      ];
    if (files.length === 0) return [];
    const notes = await copyBack(this.container, IN_WORKSPACE, this.workspace, files);
    // names are the code's: quoted (control characters escaped) and few
    const names = files.slice(0, 10).map((f) => JSON.stringify(f.path.slice(0, 100)));
    return [
      `copied back from the remote engine ${files.length} file(s) the block wrote before it was stopped: ${names.join(', ')}`,
      ...notes,
    ];
  }

  async close(): Promise<void> {
    await this.restarting?.catch(() => undefined);
    await this.container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

/** Regular files (not in dot folders, not the inputs) changed in the last argv[1] seconds, newest first. */
const LIST_CHANGED = `
import json, os, stat, sys, time
since = time.time() - float(sys.argv[1])
inputs = set(json.load(sys.stdin))
found = []
for root, dirs, names in os.walk('${IN_WORKSPACE}'):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    for name in names:
        full = os.path.join(root, name)
        rel = os.path.relpath(full, '${IN_WORKSPACE}')
        try:
            st = os.lstat(full)
        except OSError:
            continue
        if name.startswith('.') or rel in inputs or not stat.S_ISREG(st.st_mode) or st.st_mtime < since:
            continue
        found.append((st.st_mtime, rel, st.st_size))
found.sort(reverse=True)
print(json.dumps([{'path': p, 'size': s} for _, p, s in found[:${MAX_COPY_BACK_FILES}]]))
`;

/** The listing, from the sandbox: checked again by copyBack; null when it is not one. */
function parseChanged(text: string): { path: string; size: number }[] | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return null;
    return value
      .filter(
        (f): f is { path: string; size: number } =>
          typeof f?.path === 'string' && typeof f?.size === 'number' && Number.isFinite(f.size),
      )
      .slice(0, MAX_COPY_BACK_FILES);
  } catch {
    return null;
  }
}
