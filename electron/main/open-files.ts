/**
 * Data files opened from outside the window: command-line arguments (first launch), a second
 * launch while the app runs (single instance: its argv comes here), and macOS `open-file`
 * (which may arrive before the app is ready). Each opens a new conversation on the file; until
 * the app is ready the paths wait in a queue.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';
import type { EventSink } from '../core/desktop/ports';
import { oneLine } from '../model/text/one-line';

export const DATA_FILE_EXTENSIONS = ['.csv', '.tsv'];

export function isDataFileName(file: string): boolean {
  return DATA_FILE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

function isExistingFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The data files among command-line arguments: .csv/.tsv paths (relative ones resolved against
 * `cwd`) of existing files, without flags, duplicates or the executable itself.
 */
export function dataFilesFromArgv(
  argv: readonly string[],
  cwd: string = process.cwd(),
  exists: (file: string) => boolean = isExistingFile,
): string[] {
  const found: string[] = [];
  for (const arg of argv.slice(1)) {
    if (!arg || arg.startsWith('-') || !isDataFileName(arg)) continue;
    const file = path.resolve(cwd, arg);
    if (exists(file) && !found.includes(file)) found.push(file);
  }
  return found;
}

export type OpenFile = (file: string) => Promise<string>;

/** Paths wait here until `start` (app ready, handlers created, window loaded). */
export class FileOpenQueue {
  #open: OpenFile | null = null;
  #pending: string[] = [];

  constructor(private readonly events: EventSink) {}

  get pending(): readonly string[] {
    return this.#pending;
  }

  add(files: readonly string[]): void {
    for (const file of files) {
      if (this.#open) void this.#openOne(this.#open, file);
      else if (!this.#pending.includes(file)) this.#pending.push(file);
    }
  }

  start(open: OpenFile): void {
    this.#open = open;
    const waiting = this.#pending;
    this.#pending = [];
    this.add(waiting);
  }

  async #openOne(open: OpenFile, file: string): Promise<void> {
    try {
      const conversationId = await open(file);
      this.events.emit('app:file-opened', { conversationId });
    } catch (error) {
      this.events.emit('app:error', { message: `${path.basename(file)}: ${oneLine(error)}` });
    }
  }
}

/**
 * Listens for files opened while the app runs: macOS `open-file` (also before ready) and the
 * argv of a second launch, which also brings the window forward.
 */
export function listenForOpenRequests(
  app: Pick<App, 'on'>,
  queue: FileOpenQueue,
  focusWindow: () => void,
  exists: (file: string) => boolean = isExistingFile,
): void {
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (isDataFileName(file) && exists(file)) queue.add([path.resolve(file)]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    queue.add(dataFilesFromArgv(argv, workingDirectory, exists));
  });
}
