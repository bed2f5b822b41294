import { randomUUID } from 'node:crypto';
import { detectEngine, type EngineProbe } from './docker/engine';
import { ensureImage, imageExists, sandboxImageTag, type ImageProgress } from './docker/image';
import { DockerSandbox, removeOrphans } from './docker/sandbox';
import { detectBubblewrap } from './local/bwrap';
import { PythonNotFoundError, requirePython } from './local/python';
import { LocalSandbox } from './local/sandbox';
import type { Sandbox } from './sandbox';
import { ExecSession } from './session';
import { DEFAULT_LIMITS, ModeUnavailableError, type ExecLimits, type ExecMode } from './types';
import { prepareWorkspace } from './workspace';

export interface ExecutorSettings {
  mode: ExecMode;
  limits: ExecLimits;
  /** A fresh process per block (AutoGen's behaviour) instead of a stateful kernel. */
  stateless: boolean;
  /** An interpreter chosen by the user for local mode. */
  python?: string;
  /** Where to pull the sandbox image from when it is missing (e.g. a registry mirror). */
  imagePullRef?: string;
  /** Build the image locally when it is missing and Docker mode was asked for explicitly. */
  allowImageBuild: boolean;
}

export interface OpenSessionOptions {
  workspaceDir: string;
  /** User files copied read-only into the workspace under their own names. */
  inputs?: string[];
  conversationId?: string;
  mode?: ExecMode;
  limits?: Partial<ExecLimits>;
  stateless?: boolean;
  onImageProgress?: (progress: ImageProgress) => void;
  signal?: AbortSignal;
}

export interface ExecutorDeps {
  detectEngine: () => Promise<EngineProbe>;
}

/**
 * Opens execution sessions in the requested security mode: `docker` (a clear error when
 * unavailable), `local`, `auto` (Docker when usable, else the local sandbox with a
 * warning that says why), `off` (nothing runs).
 */
export class ExecutorService {
  readonly settings: ExecutorSettings;
  private engine: Promise<EngineProbe> | null = null;
  private orphansChecked = false;
  private readonly sessions = new Set<ExecSession>();

  constructor(
    settings: Partial<ExecutorSettings> = {},
    private readonly deps: ExecutorDeps = { detectEngine: () => detectEngine() },
  ) {
    this.settings = {
      mode: 'auto',
      limits: DEFAULT_LIMITS,
      stateless: false,
      allowImageBuild: true,
      ...settings,
    };
  }

  /** The Docker engine, probed once (and again with `refresh`). */
  engineStatus(refresh = false): Promise<EngineProbe> {
    if (!this.engine || refresh) this.engine = this.deps.detectEngine();
    return this.engine;
  }

  async openSession(options: OpenSessionOptions): Promise<ExecSession> {
    const mode = options.mode ?? this.settings.mode;
    const limits = { ...this.settings.limits, ...options.limits };
    const stateless = options.stateless ?? this.settings.stateless;
    if (mode === 'off') {
      throw new ModeUnavailableError(
        'off',
        'code execution is turned off',
        'choose Auto, Docker or Local in the security settings',
      );
    }
    const workspace = await prepareWorkspace(options.workspaceDir, options.inputs ?? []);
    const conversationId = options.conversationId ?? randomUUID();
    let sandbox: Sandbox | null = null;
    let fallback = '';
    if (mode === 'docker' || mode === 'auto') {
      const result = await this.dockerSandbox(
        mode,
        { ...options, conversationId },
        workspace,
        limits,
        stateless,
      );
      if ('sandbox' in result) sandbox = result.sandbox;
      else fallback = result.reason;
    }
    if (!sandbox) {
      let python;
      try {
        python = await requirePython({ configured: this.settings.python });
      } catch (err) {
        if (err instanceof PythonNotFoundError)
          throw new ModeUnavailableError('local', err.message, err.hint);
        throw err;
      }
      const local = new LocalSandbox({
        workspace,
        python,
        bubblewrap: await detectBubblewrap(),
        limits,
        preload: !stateless,
      });
      if (fallback) local.warnings.unshift(`${fallback}; running in the local sandbox instead.`);
      sandbox = local;
    }
    const session: ExecSession = new ExecSession(sandbox, limits, stateless, () =>
      this.sessions.delete(session),
    );
    this.sessions.add(session);
    if (!stateless) void session.warm().catch(() => undefined);
    return session;
  }

  private async dockerSandbox(
    mode: 'docker' | 'auto',
    options: OpenSessionOptions & { conversationId: string },
    workspace: Awaited<ReturnType<typeof prepareWorkspace>>,
    limits: ExecLimits,
    stateless: boolean,
  ): Promise<{ sandbox: Sandbox } | { reason: string }> {
    const unavailable = (reason: string, hint: string) => {
      if (mode === 'docker') throw new ModeUnavailableError('docker', reason, hint);
      return { reason };
    };
    const probe = await this.engineStatus();
    if (!probe.ok) return unavailable(`Docker is not available (${probe.reason})`, probe.hint);
    const { docker } = probe;
    if (!this.orphansChecked) {
      this.orphansChecked = true;
      await removeOrphans(docker).catch(() => undefined);
    }
    const tag = await sandboxImageTag();
    if (!(await imageExists(docker, tag))) {
      if (mode === 'auto' && !this.settings.imagePullRef) {
        return unavailable(`the sandbox image ${tag} is not built yet`, 'run `npm run sandbox:image`');
      }
      try {
        await ensureImage(docker, {
          tag,
          pullRef: this.settings.imagePullRef,
          allowBuild: mode === 'docker' && this.settings.allowImageBuild,
          onProgress: options.onImageProgress,
          signal: options.signal,
        });
      } catch (err) {
        return unavailable(
          `the sandbox image is not available (${(err as Error).message})`,
          'run `npm run sandbox:image`',
        );
      }
    }
    try {
      const engine = `Docker ${probe.info.serverVersion} (${probe.info.host})`;
      const sandbox = await DockerSandbox.create({
        docker,
        image: tag,
        workspace,
        limits,
        conversationId: options.conversationId,
        engine,
        remote: probe.info.remote,
        preload: !stateless,
      });
      return { sandbox };
    } catch (err) {
      return unavailable((err as Error).message, 'check `plotwright doctor`');
    }
  }

  /** Closes every open session (kernels stopped, containers removed). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
  }
}
