/**
 * Files the user chose (dialog, drop, double-click, recent list). The renderer refers to them
 * by id only, so it can never name a path for the main process to open. Profiles and preview
 * rows are cached per file and redone when the file changes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type { FilePreview, GrantedFile } from '../../shared/contract';
import { writeAtomic } from '../agent/store';
import { checkFile } from '../data/check';
import { dataBrief } from '../data/privacy';
import { profileFile, readHead } from '../data/profile';
import { decodeAs } from '../data/sniff';
import type { FileProfile, PrivacyLevel } from '../../model/data/types';

/** Preview rows come from the start of the file: enough to scroll, never the whole of a large file. */
export const PREVIEW_BYTES = 8 * 1024 * 1024;
export const PREVIEW_ROWS = 10_000;
const MAX_RECENT = 12;
/**
 * What may be dropped on the window. A drop's path comes from the renderer (Electron only tells
 * the preload where a dropped file is), so main takes only delimited-text files that way; the
 * open dialog, where main asks the OS itself, takes any file.
 */
export const DROPPABLE_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

interface Cached {
  stamp: string;
  profile: Promise<FileProfile>;
  rows?: Promise<string[][]>;
}

export class FileGrants {
  private readonly grants = new Map<string, GrantedFile>();
  /** Files that arrived from outside the window (drop, double-click, second instance). */
  private readonly outside = new Set<string>();
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly dataDir: string) {}

  private get recentFile(): string {
    return path.join(this.dataDir, 'recent-files.json');
  }

  /**
   * Registers a file the user chose (it must be a regular file) after the quick pick-time check
   * (data/check.ts): a file that is empty, binary, unreadable or not a table carries its one-line
   * `problem`. Unless told not to, a file without a problem is remembered as recent.
   */
  async grant(file: string, options: { remember?: boolean } = {}): Promise<GrantedFile> {
    const full = path.resolve(file);
    const name = path.basename(full);
    const st = await fs.stat(full).catch(() => null);
    if (!st) throw new Error(`cannot read ${name}: no such file`);
    if (!st.isFile()) throw new Error(`cannot read ${name}: it is not a file`);
    const problem = await checkFile(full);
    const granted: GrantedFile = {
      fileId: `f${createHash('sha256').update(full).digest('hex').slice(0, 20)}`,
      name,
      path: full,
      size: st.size,
      ...(problem ? { problem } : {}),
    };
    this.grants.set(granted.fileId, granted);
    this.outside.delete(granted.fileId); // chosen in the app (again)
    // a file that cannot be analysed is shown with its reason, never remembered as recent
    if (options.remember !== false && !problem) await this.remember(granted);
    return granted;
  }

  /** A dropped file: only a CSV/TSV/TXT file (see DROPPABLE_EXTENSIONS). */
  async grantDropped(file: string): Promise<GrantedFile> {
    const extension = path.extname(file).toLowerCase();
    if (!(DROPPABLE_EXTENSIONS as readonly string[]).includes(extension)) {
      throw new Error(
        `${path.basename(file)}: only ${DROPPABLE_EXTENSIONS.join(', ').replace(/, ([^,]+)$/, ' and $1')} files can be dropped here; use Open… for other files`,
      );
    }
    const granted = await this.grant(file);
    this.outside.add(granted.fileId);
    return granted;
  }

  /** A file from outside the window was not chosen in the app: its analysis asks before unverified code. */
  markOutside(fileId: string): void {
    this.outside.add(fileId);
  }

  originOf(fileId: string): 'app' | 'outside' {
    return this.outside.has(fileId) ? 'outside' : 'app';
  }

  async recent(): Promise<GrantedFile[]> {
    const listed = await this.readRecent();
    const alive: GrantedFile[] = [];
    for (const item of listed) {
      const st = await fs.stat(item.path).catch(() => null);
      if (!st?.isFile()) continue;
      // checked again: a recent file may have been emptied or replaced since
      if (await checkFile(item.path).catch(() => 'unreadable')) continue;
      const { problem: _, ...rest } = item;
      const granted = { ...rest, size: st.size };
      this.grants.set(granted.fileId, granted);
      alive.push(granted);
    }
    return alive;
  }

  private async readRecent(): Promise<GrantedFile[]> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.recentFile, 'utf8')) as unknown;
      return Array.isArray(parsed)
        ? parsed.filter((r): r is GrantedFile => typeof r?.fileId === 'string' && typeof r?.path === 'string')
        : [];
    } catch {
      return [];
    }
  }

  private async remember(file: GrantedFile): Promise<void> {
    const list = [file, ...(await this.readRecent()).filter((r) => r.path !== file.path)].slice(
      0,
      MAX_RECENT,
    );
    await fs.mkdir(this.dataDir, { recursive: true });
    await writeAtomic(this.recentFile, JSON.stringify(list));
  }

  /** The path behind an id; only ids this process granted are known. */
  path(fileId: string): string {
    const granted = this.grants.get(fileId);
    if (!granted) throw new Error('unknown file: open it again');
    return granted.path;
  }

  private async entry(fileId: string): Promise<Cached> {
    const file = this.path(fileId);
    const st = await fs.stat(file).catch(() => null);
    const stamp = st ? `${st.size}:${st.mtimeMs}` : 'missing';
    let cached = this.cache.get(fileId);
    if (!cached || cached.stamp !== stamp) {
      cached = { stamp, profile: profileFile(file) };
      cached.profile.catch(() => this.cache.delete(fileId));
      this.cache.set(fileId, cached);
    }
    return cached;
  }

  async profile(fileId: string): Promise<FileProfile> {
    return (await this.entry(fileId)).profile;
  }

  /** Exactly what the model would receive about this file at a privacy level. */
  async brief(fileId: string, level: PrivacyLevel): Promise<string> {
    return dataBrief(await this.profile(fileId), level);
  }

  async preview(fileId: string, offset: number, limit: number): Promise<FilePreview> {
    const cached = await this.entry(fileId);
    const profile = await cached.profile;
    cached.rows ??= this.readRows(profile);
    const rows = await cached.rows;
    return {
      fileId,
      name: profile.name,
      rows: profile.rows,
      columns: profile.columns,
      offset,
      cells: rows.slice(offset, offset + limit),
      available: rows.length,
      readCsv: profile.readCsv,
      warnings: profile.warnings,
      dateOrders: Object.fromEntries((profile.dates ?? []).map((d) => [d.column, d.order])),
    };
  }

  private async readRows(profile: FileProfile): Promise<string[][]> {
    const head = await readHead(profile.path, PREVIEW_BYTES);
    let text = decodeAs(head.bytes, profile.encoding);
    if (head.truncated) text = text.slice(0, Math.max(0, text.lastIndexOf('\n'))); // no half row at the cut
    // title lines above the header are not data (blank lines are skipped by the parser already)
    const preamble = profile.preamble?.length ?? 0;
    const parsed = Papa.parse<string[]>(text, {
      delimiter: profile.delimiter,
      quoteChar: profile.quotechar,
      skipEmptyLines: 'greedy',
      preview: preamble + PREVIEW_ROWS + (profile.header ? 1 : 0),
    });
    return parsed.data.slice(preamble + (profile.header ? 1 : 0));
  }
}
