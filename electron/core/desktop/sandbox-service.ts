/**
 * Where code would run right now, for the status bar and the settings page, and the first
 * preparation of the Docker image (pull from a configured reference, else a local build) with
 * real progress and cancel.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { SandboxStatus } from '../../shared/contract';
import { resourcesDir } from '../resources';
import { readJsonLines } from '../exec/docker/progress';
import { ensureImage, imageStatus, sandboxImageTag, trustImage } from '../exec/docker/image';
import type { ExecutorService } from '../exec/executor';
import { detectBubblewrap } from '../exec/local/bwrap';
import { discoverPython } from '../exec/local/python';
import { isolationSummary, type IsolationReport } from '../../model/exec/isolation';
import { detectLocalRunner, runnerLabel } from '../exec/local/runner';
import type { EventSink } from './ports';
import type { Settings } from '../../model/settings';

/** A `docker save` of the sandbox image shipped with an offline install (electron-builder.yml). */
export function offlineImageTarball(): string | null {
  const file = path.join(resourcesDir(), 'offline', 'sandbox-image.tar');
  return existsSync(file) ? file : null;
}

/** Loads the shipped tarball into the engine; true when it provided `tag` (its ID then recorded as trusted). */
async function loadOffline(docker: Docker, tag: string, file: string): Promise<boolean> {
  const stream = (await docker.loadImage(createReadStream(file))) as unknown as NodeJS.ReadableStream;
  let error: string | undefined;
  await readJsonLines(stream, (e) => {
    if (e.error || e.errorDetail) error = e.errorDetail?.message ?? e.error;
  });
  if (error) throw new Error(`loading the bundled sandbox image failed: ${error}`);
  // A tarball for another version (or without the hash label) is not recorded: the caller pulls or builds.
  return trustImage(docker, tag, 'loaded').then(
    () => true,
    () => false,
  );
}

export class SandboxService {
  private preparing: AbortController | null = null;
  private readonly reports = new Map<'docker' | 'local', IsolationReport>();
  private readonly probing = new Map<'docker' | 'local', Promise<void>>();

  constructor(
    private readonly executor: ExecutorService,
    private readonly events: EventSink,
    private readonly settings: () => Settings,
    /** Where to pull the image from (e.g. a registry mirror); a local build otherwise. */
    private readonly pullRef: string | undefined = process.env.PLOTWRIGHT_IMAGE_REF,
  ) {}

  /** `wait`: answer only once the effective mode's isolation probe has a verdict. */
  async status(refresh = false, wait = false): Promise<SandboxStatus> {
    const [probe, tag, python, bwrap, runner] = await Promise.all([
      this.executor.engineStatus(refresh),
      sandboxImageTag(),
      discoverPython({ fresh: refresh }),
      detectBubblewrap(refresh),
      detectLocalRunner(),
    ]);
    // Usable only when present and trusted (built, pulled or loaded by Plotwright: docker/trust.ts).
    const image = probe.ok
      ? await imageStatus(probe.docker, tag).catch((err: Error) => ({
          present: false,
          trusted: false,
          reason: err.message,
        }))
      : { present: false, trusted: false };
    const present = image.present && image.trusted;
    const dockerReady = probe.ok && present;
    const localReady = python.chosen !== null;
    const mode = this.settings().securityMode;
    let effectiveMode: SandboxStatus['effectiveMode'] = null;
    if (mode === 'docker') effectiveMode = dockerReady ? 'docker' : null;
    else if (mode === 'local') effectiveMode = localReady ? 'local' : null;
    // tools mode runs its reviewed templates where Auto would run code
    else if (mode === 'auto' || mode === 'tools')
      effectiveMode = dockerReady ? 'docker' : localReady ? 'local' : null;
    let isolation = effectiveMode ? this.isolationOf(effectiveMode, refresh) : null;
    if (wait && effectiveMode && !isolation) {
      await this.probing.get(effectiveMode);
      isolation = this.reports.get(effectiveMode) ?? null;
    }
    return {
      mode,
      effectiveMode,
      isolated: isolation?.verified === true,
      isolation,
      verifying: effectiveMode !== null && this.probing.has(effectiveMode),
      docker: probe.ok
        ? {
            ok: true,
            detail: `Docker ${probe.info.serverVersion} at ${probe.info.host}${probe.info.remote ? ' (remote)' : ''}`,
          }
        : { ok: false, detail: probe.reason, hint: probe.hint },
      image: {
        tag,
        present,
        preparing: this.preparing !== null,
        trusted: image.trusted,
        ...(!present && image.reason ? { reason: image.reason } : {}),
      },
      local: {
        python: python.chosen
          ? `Python ${python.chosen.version} with pandas ${python.chosen.pandas} (${python.chosen.executable})`
          : null,
        bubblewrap: bwrap.available,
        runner: runnerLabel(runner),
        detail:
          runner.kind === 'none'
            ? runner.reason
            : bwrap.available
              ? `bubblewrap ${bwrap.version}`
              : runnerLabel(runner),
      },
      warnings: isolation && !isolation.verified ? [isolationSummary(isolation)] : [],
    };
  }

  /**
   * What the isolation probe observed for `mode` (null while it runs: the status is sent again when
   * it is done). Probed once per app run and mode, or again when asked to refresh.
   */
  private isolationOf(mode: 'docker' | 'local', refresh: boolean): IsolationReport | null {
    if (refresh) this.reports.delete(mode); // until the new verdict, nothing is claimed
    const known = this.reports.get(mode);
    if (known) return known;
    if (!this.probing.has(mode)) {
      const job = this.executor
        .probeMode(mode)
        .then((r) => {
          if ('unavailable' in r) this.reports.delete(mode);
          else this.reports.set(mode, r);
        })
        .finally(() => {
          this.probing.delete(mode);
          void this.status().then((s) => this.events.emit('sandbox:status', s));
        });
      this.probing.set(mode, job);
    }
    return null;
  }

  /** Pulls or builds the sandbox image, streaming progress as `sandbox:progress` events. */
  async prepare(): Promise<SandboxStatus> {
    if (this.preparing) throw new Error('the sandbox image is already being prepared');
    const probe = await this.executor.engineStatus(true);
    if (!probe.ok) throw new Error(`Docker is not available: ${probe.reason}`);
    const controller = new AbortController();
    this.preparing = controller;
    this.events.emit('sandbox:status', await this.status());
    try {
      const tag = await sandboxImageTag();
      const offline = offlineImageTarball();
      if (offline) {
        this.events.emit('sandbox:progress', {
          phase: 'build',
          step: 1,
          totalSteps: 1,
          message: 'loading the bundled sandbox image',
        });
        if (await loadOffline(probe.docker, tag, offline)) {
          this.events.emit('sandbox:progress', { phase: 'done', tag });
          return this.finishPrepare();
        }
      }
      await ensureImage(probe.docker, {
        tag,
        pullRef: this.pullRef,
        allowBuild: true,
        onProgress: (p) => this.events.emit('sandbox:progress', p),
        signal: controller.signal,
      });
    } catch (err) {
      // The renderer was told "preparing": a cancelled or failed attempt must say it is over, or
      // the status bar keeps an empty progress bar and never offers Prepare again.
      await this.finishPrepare().catch(() => undefined);
      throw err;
    }
    return this.finishPrepare();
  }

  private async finishPrepare(): Promise<SandboxStatus> {
    this.preparing = null;
    const status = await this.status(true);
    this.events.emit('sandbox:status', status);
    return status;
  }

  cancel(): void {
    this.preparing?.abort();
  }
}
