import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IsolationReport } from '../../model/exec/isolation';
import { detectEngine, type EngineProbe } from './docker/engine';
import { ensureImage, imageStatus, sandboxImageTag } from './docker/image';
import type { ImageProgress } from '../../model/exec/types';
import { DockerSandbox, removeOrphans } from './docker/docker-sandbox';
import { IsolationVerifier } from './isolation/verify';
import { PythonNotFoundError, requirePython } from './local/python';
import { detectLocalRunner } from './local/runner';
import { LocalSandbox } from './local/local-sandbox';
import { appDataDir } from '../paths';
import type { Sandbox } from './sandbox-base';
import { ExecSession } from './session';
import { DEFAULT_LIMITS, ModeUnavailableError, type ExecLimits, type ExecMode } from '../../model/exec/types';
import { prepareWorkspace } from './workspace';
import { oneLine } from '../../model/text/one-line';

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
  /** The app's data folder: the isolation probe places a canary there, and caches its verdicts. */
  dataDir?: string;
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
  /** Never build the image for this session (a probe of what is there now). */
  noImageBuild?: boolean;
}

export interface ExecutorDeps {
  detectEngine: () => Promise<EngineProbe>;
  verifier?: IsolationVerifier;
}

/**
 * Opens execution sessions in the requested security mode: `docker` (a clear error when
 * unavailable), `local`, `auto` (Docker when usable, else the local sandbox with a
 * warning that says why), `off` (nothing runs). Every sandbox is probed before it is trusted
 * (isolation/): `auto` prefers a verified one; an unverified one is still opened, and says so —
 * the caller decides whether code may run there (consent, `--allow-unsandboxed`).
 */
export class ExecutorService {
  readonly settings: ExecutorSettings;
  private engine: Promise<EngineProbe> | null = null;
  private orphansChecked = false;
  private readonly sessions = new Set<ExecSession>();
  readonly verifier: IsolationVerifier;

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
    this.verifier =
      deps.verifier ?? new IsolationVerifier({ dataDir: this.settings.dataDir ?? appDataDir() });
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
    let docker: Sandbox | null = null;
    let fallback = '';
    if (mode === 'docker' || mode === 'auto') {
      const result = await this.dockerSandbox(
        mode,
        { ...options, conversationId },
        workspace,
        limits,
        stateless,
      );
      if ('sandbox' in result) {
        docker = result.sandbox;
        docker.isolation = await this.verifier.verify(docker);
        if (docker.isolated || mode === 'docker') sandbox = docker;
        else
          fallback = `Docker's isolation could not be verified (${docker.isolation.failed.join(', ')} failed)`;
      } else fallback = result.reason;
    }
    if (!sandbox) {
      let local: Sandbox;
      try {
        local = await this.localSandbox(workspace, limits, stateless);
      } catch (err) {
        if (!docker) throw err;
        local = docker;
      }
      if (local !== docker) local.isolation = await this.verifier.verify(local);
      if (docker && !local.isolated) {
        // neither is verified: keep the container, the stricter of the two
        if (local !== docker) await local.close();
        sandbox = docker;
      } else {
        await docker?.close();
        sandbox = local;
        if (fallback) sandbox.notes.push(`${fallback}; running in the local sandbox instead.`);
      }
    }
    const session: ExecSession = new ExecSession(sandbox, limits, stateless, () =>
      this.sessions.delete(session),
    );
    this.sessions.add(session);
    if (!stateless) void session.warm().catch(() => undefined);
    return session;
  }

  private async localSandbox(
    workspace: Awaited<ReturnType<typeof prepareWorkspace>>,
    limits: ExecLimits,
    stateless: boolean,
  ): Promise<Sandbox> {
    let python;
    try {
      python = await requirePython({ configured: this.settings.python });
    } catch (err) {
      if (err instanceof PythonNotFoundError) throw new ModeUnavailableError('local', err.message, err.hint);
      throw err;
    }
    return new LocalSandbox({
      workspace,
      python,
      runner: await detectLocalRunner(),
      limits,
      preload: !stateless,
    });
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
    // Used only when Plotwright built, pulled or loaded it here (docker/trust.ts): a tag can be moved.
    let image = await imageStatus(docker, tag);
    if (!image.trusted) {
      if (mode === 'auto' && !this.settings.imagePullRef) {
        return unavailable(
          image.present
            ? `the sandbox image is not trusted: ${image.reason}`
            : `the sandbox image ${tag} is not built yet`,
          'run `npm run sandbox:image`',
        );
      }
      try {
        await ensureImage(docker, {
          tag,
          pullRef: this.settings.imagePullRef,
          allowBuild: mode === 'docker' && this.settings.allowImageBuild && !options.noImageBuild,
          onProgress: options.onImageProgress,
          signal: options.signal,
        });
      } catch (err) {
        return unavailable(
          `the sandbox image is not available (${(err as Error).message})`,
          'run `npm run sandbox:image`',
        );
      }
      image = await imageStatus(docker, tag);
      if (!image.trusted || !image.imageId)
        return unavailable(
          `the sandbox image is not trusted: ${image.reason}`,
          'run `npm run sandbox:image`',
        );
    }
    try {
      const engine = `Docker ${probe.info.serverVersion} (${probe.info.host})`;
      const sandbox = await DockerSandbox.create({
        docker,
        image: tag,
        // the exact image that was verified, not whatever the tag names by the time it is created
        imageId: image.imageId,
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

  /**
   * What a sandbox of `mode` would be here, probed (or from the probe cache): for `doctor` and the
   * settings page. Opens a throwaway sandbox on a temporary folder; never builds the image.
   */
  async probeMode(
    mode: 'docker' | 'local',
  ): Promise<IsolationReport | { unavailable: string; hint: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plotwright-probe-'));
    try {
      const session = await this.openSession({
        workspaceDir: dir,
        mode,
        stateless: true,
        noImageBuild: true,
      });
      const report = session.sandbox.isolation;
      await session.close();
      return report ?? { unavailable: 'the sandbox was not probed', hint: 'check `plotwright doctor`' };
    } catch (err) {
      if (err instanceof ModeUnavailableError) return { unavailable: err.message, hint: err.hint };
      return { unavailable: oneLine(err), hint: 'check `plotwright doctor`' };
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Closes every open session (kernels stopped, containers removed). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
  }
}
