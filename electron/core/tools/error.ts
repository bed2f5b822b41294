/**
 * A tool call the data cannot answer as written (an unknown column, value, aggregation…): one
 * line that says what is wrong and lists the valid choices, so that the model can correct itself.
 */
import { oneLine } from '../../model/text/one-line';

export class ToolError extends Error {
  constructor(message: string) {
    super(oneLine(message, { lines: 'join', max: 1000 }));
    this.name = 'ToolError';
  }
}

/** How a name or value is quoted in a tool error: single quotes, on one line, cut when long. */
export function quoted(value: unknown): string {
  return `'${oneLine(String(value), { lines: 'join', max: 80, fallback: '' })}'`;
}

/** "a, b, c" (at most `max`, then "and N more"), or `none` when empty. */
export function listed(values: readonly unknown[], max = 40, none = 'none'): string {
  if (!values.length) return none;
  const shown = values
    .slice(0, max)
    .map((v) => oneLine(String(v), { lines: 'join', max: 60, fallback: "''" }));
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/** `table[key]` when the table itself has that key: never a prototype's (`constructor`, `__proto__`). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
