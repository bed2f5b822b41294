/**
 * An error (or any text) as one line, the way every message reaches a person: in the app, on the
 * terminal, in a report. Electron's IPC wrapper is dropped; runs of whitespace become one space;
 * a line longer than `max` (when given) ends in "…".
 */
export interface OneLineOptions {
  /** `first` (the default): the first line that is not blank. `join`: every line, joined by spaces. */
  lines?: 'first' | 'join';
  /** At most this many characters (default: no limit). */
  max?: number;
  /** When nothing is left (default "something went wrong"). */
  fallback?: string;
}

export function oneLine(value: unknown, options: OneLineOptions = {}): string {
  const { lines = 'first', max = Infinity, fallback = 'something went wrong' } = options;
  const raw =
    value instanceof Error ? value.message : typeof value === 'string' ? value : String(value ?? '');
  const text = raw.replace(/^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/, '');
  const chosen = lines === 'join' ? text : (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '');
  const line = chosen.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
