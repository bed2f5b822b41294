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
import { ensureImage, imageExists, sandboxImageTag } from '../exec/docker/image';
import type { ExecutorService } from '../exec/executor';
import { detectBubblewrap } from '../exec/local/bwrap';
import { discoverPython } from '../exec/local/python';
import { localWarnings } from '../exec/local/sandbox';
import type { EventSink } from './ports';
import type { Settings } from './settings';

/** A `docker save` of the sandbox image shipped with an offline install (electron-builder.yml). */
export function offlineImageTarball(): string | null {
  const file = path.join(resourcesDir(), 'offline', 'sandbox-image.tar');
  return existsSync(file) ? file : null;
}

/** Loads the shipped tarball into the engine; true when it provided `tag`. */
async function loadOffline(docker: Docker, tag: string, file: string): Promise<boolean> {
  const stream = (await docker.loadImage(createReadStream(file))) as unknown as NodeJS.ReadableStream;
  let error: string | undefined;
  await readJsonLines(stream, (e) => {
    if (e.error || e.errorDetail) error = e.errorDetail?.message ?? e.error;
  });
  if (error) throw new Error(`loading the bundled sandbox image failed: ${error}`);
  return imageExists(docker, tag);
}

export class SandboxService {
  private preparing: AbortController | null = null;

  constructor(
    private readonly executor: ExecutorService,
    private readonly events: EventSink,
    private readonly settings: () => Settings,
    /** Where to pull the image from (e.g. a registry mirror); a local build otherwise. */
    private readonly pullRef: string | undefined = process.env.PLOTWRIGHT_IMAGE_REF,
  ) {}

  async status(refresh = false): Promise<SandboxStatus> {
    const [probe, tag, python, bwrap] = await Promise.all([
      this.executor.engineStatus(refresh),
      sandboxImageTag(),
      discoverPython({ fresh: refresh }),
      detectBubblewrap(refresh),
    ]);
    const present = probe.ok ? await imageExists(probe.docker, tag).catch(() => false) : false;
    const dockerReady = probe.ok && present;
    const localReady = python.chosen !== null;
    const mode = this.settings().securityMode;
    let effectiveMode: SandboxStatus['effectiveMode'] = null;
    if (mode === 'docker') effectiveMode = dockerReady ? 'docker' : null;
    else if (mode === 'local') effectiveMode = localReady ? 'local' : null;
    else if (mode === 'auto') effectiveMode = dockerReady ? 'docker' : localReady ? 'local' : null;
    const isolated = effectiveMode === 'docker' || (effectiveMode === 'local' && bwrap.available);
    return {
      mode,
      effectiveMode,
      isolated,
      docker: probe.ok
        ? {
            ok: true,
            detail: `Docker ${probe.info.serverVersion} at ${probe.info.host}${probe.info.remote ? ' (remote)' : ''}`,
          }
        : { ok: false, detail: probe.reason, hint: probe.hint },
      image: { tag, present, preparing: this.preparing !== null },
      local: {
        python: python.chosen
          ? `Python ${python.chosen.version} with pandas ${python.chosen.pandas} (${python.chosen.executable})`
          : null,
        bubblewrap: bwrap.available,
        detail: bwrap.available ? `bubblewrap ${bwrap.version}` : bwrap.reason,
      },
      warnings: effectiveMode === 'local' ? localWarnings(bwrap) : [],
    };
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
