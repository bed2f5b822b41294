/**
 * Verifying a sandbox before it is trusted: the probe's report, cached per sandbox configuration
 * and sandbox code version (in memory and in the app's data folder, for a day), so only the first
 * session of a configuration pays for it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { kernelDir, resourcesDir } from '../../resources';
import type { IsolationReport } from '../../../model/exec/isolation';
import { probeIsolation, type ProbeTarget } from './probe';

export interface VerifiableSandbox extends ProbeTarget {
  /** Everything that decides what the probe would see: runner, its version and flags, image, user. */
  readonly configKey: string;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 50;

let codeVersion: string | null = null;
/** The app version and the sandbox code (kernel, probe): a change to either means a new probe. */
export function sandboxCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = createHash('sha256');
  try {
    const pkg = JSON.parse(readFileSync(path.join(resourcesDir(), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    hash.update(`app ${pkg.version ?? '?'}\n`);
  } catch {
    hash.update('app ?\n');
  }
  const dir = kernelDir();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.py')) hash.update(name).update(readFileSync(path.join(dir, name)));
  }
  return (codeVersion = hash.digest('hex').slice(0, 16));
}

interface Entry {
  report: IsolationReport;
  savedAt: number;
}

export class IsolationVerifier {
  private readonly memory = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<IsolationReport>>();

  constructor(
    private readonly options: {
      dataDir: string;
      /** null: keep the cache in memory only. */
      cacheFile?: string | null;
      home?: string;
      now?: () => number;
    },
  ) {}

  private get cacheFile(): string | null {
    return this.options.cacheFile === undefined
      ? path.join(this.options.dataDir, 'isolation-cache.json')
      : this.options.cacheFile;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  keyOf(sandbox: VerifiableSandbox): string {
    return createHash('sha256').update(`${sandboxCodeVersion()}\n${sandbox.configKey}`).digest('hex');
  }

  /** The sandbox's isolation as a probe observed it (now, or within the last day for this configuration). */
  verify(sandbox: VerifiableSandbox, options: { fresh?: boolean } = {}): Promise<IsolationReport> {
    const key = this.keyOf(sandbox);
    const running = this.pending.get(key);
    if (running) return running;
    const job = (async () => {
      if (!options.fresh) {
        const hit = this.memory.get(key) ?? (await this.readDisk(key));
        if (hit && this.now() - hit.savedAt < TTL_MS)
          return { ...hit.report, runner: sandbox.runner, cached: true };
      }
      const report = await probeIsolation(sandbox, {
        dataDir: this.options.dataDir,
        home: this.options.home,
      });
      // A probe that could not run says nothing about the configuration: not cached.
      if (report.checks.length) await this.remember(key, report);
      return report;
    })().finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }

  private async readDisk(key: string): Promise<Entry | null> {
    const file = this.cacheFile;
    if (!file) return null;
    try {
      const all = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, Entry>;
      const entry = all[key];
      if (!entry?.report || typeof entry.savedAt !== 'number' || !Array.isArray(entry.report.checks))
        return null;
      this.memory.set(key, entry);
      return entry;
    } catch {
      return null;
    }
  }

  private async remember(key: string, report: IsolationReport): Promise<void> {
    const entry = { report, savedAt: this.now() };
    this.memory.set(key, entry);
    const file = this.cacheFile;
    if (!file) return;
    try {
      let all: Record<string, Entry> = {};
      try {
        all = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, Entry>;
      } catch {
        // missing or corrupt: start again
      }
      all[key] = entry;
      const kept = Object.entries(all)
        .filter(([, e]) => e && this.now() - e.savedAt < TTL_MS)
        .sort((a, b) => b[1].savedAt - a[1].savedAt)
        .slice(0, MAX_ENTRIES);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(Object.fromEntries(kept)), { mode: 0o600 });
      await fs.rename(tmp, file);
    } catch {
      // the cache is an optimisation: a read-only data folder only costs a probe per process
    }
  }
}
