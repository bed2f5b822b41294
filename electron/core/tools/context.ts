/**
 * Names and values in a tool call, checked against the file: a column is matched as written,
 * else up to case and spacing, else by its key (punctuation ignored) when that names one column;
 * a text value the same way against the column's values when they are known (the analyst's
 * `foldKey`/`keyOf`, which the answer code's folded comparison agrees with). Anything else is a
 * ToolError listing the valid ones.
 */
import type { FileProfile, PrivacyLevel } from '../../model/data/types';
import { foldKey, keyOf } from '../analyst/question/words';
import { columnKinds, knownValues, type ColumnKind, type ColumnKinds, type KnownValues } from './columns';
import { ToolError, listed, quoted } from './error';

export interface ToolContext {
  profile: FileProfile;
  kinds: ColumnKinds;
  /** What a tool error may tell the model of the file (the conversation's privacy level). */
  privacy: PrivacyLevel;
  /** Every value of a text column when known, else null (then the sandbox checks them). */
  values(column: string): string[] | null;
}

export function toolContext(
  profile: FileProfile,
  known: KnownValues = {},
  privacy: PrivacyLevel,
): ToolContext {
  const kinds = columnKinds(profile);
  return {
    profile,
    kinds,
    privacy,
    values(column) {
      // below `sample` the model may not learn values from an error: the sandbox checks them once run
      if (privacy !== 'sample') return null;
      const given = Object.hasOwn(known, column) ? known[column] : undefined;
      if (given) return given.map(String);
      const c = profile.columns.find((x) => x.name === column);
      return c ? knownValues(profile, c) : null;
    },
  };
}

/**
 * The candidate the text names: the same, else the one whose fold (case and spaces ignored) or
 * else key (punctuation ignored too) is the text's; undefined when none or several do.
 * `sameFold`: candidates that fold alike are one (a value's spellings): the first is taken.
 */
export function tolerantMatch(
  text: string,
  candidates: readonly string[],
  sameFold = false,
): string | undefined {
  const exact = candidates.find((c) => c === text);
  if (exact !== undefined) return exact;
  for (const key of [foldKey, keyOf]) {
    const k = key(text);
    if (k === '') continue;
    const hits = candidates.filter((c) => key(c) === k);
    const distinct = new Set(hits.map((c) => (sameFold ? foldKey(c) : c)));
    if (distinct.size === 1) return hits[0];
    if (distinct.size > 1) return undefined;
  }
  return undefined;
}

const KIND_WORDS: Record<ColumnKind, string> = {
  number: 'numeric',
  date: 'date',
  boolean: 'true/false',
  text: 'text',
};

/**
 * The end of a tool error about columns: which fit (`words`: "date", "numeric"; none: all), or —
 * where the privacy level lets the model see no column name — to call profile().
 */
export function columnsHint(ctx: ToolContext, words: string | null, columns: readonly string[]): string {
  if (ctx.privacy === 'none') return 'call profile() to see the columns';
  return `the ${words ? `${words} ` : ''}columns are ${listed(columns, 40, '(none)')}`;
}

/** `what` names the argument ("measure", "by"…); `kinds` limits which columns fit. */
export function resolveColumn(ctx: ToolContext, value: unknown, what: string, kinds?: ColumnKind[]): string {
  const all = ctx.kinds.all;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ToolError(`${what} must be a column name: ${columnsHint(ctx, null, all)}`);
  const name = tolerantMatch(value, all);
  if (name === undefined)
    throw new ToolError(`unknown column ${quoted(value)}: ${columnsHint(ctx, null, all)}`);
  const kind = ctx.kinds.kind.get(name) ?? 'text';
  if (kinds && !kinds.includes(kind)) {
    const fit = all.filter((c) => kinds.includes(ctx.kinds.kind.get(c) ?? 'text'));
    const words = kinds.map((k) => KIND_WORDS[k]).join(' or ');
    throw new ToolError(
      `${what} ${quoted(name)} is a ${KIND_WORDS[kind]} column, not ${words}: ${columnsHint(ctx, words, fit)}`,
    );
  }
  return name;
}

/** A text value of a column: the data's own spelling when the values are known. */
export function resolveTextValue(ctx: ToolContext, column: string, value: string): string {
  const values = ctx.values(column);
  if (!values) return value;
  const hit = tolerantMatch(value, values, true);
  if (hit !== undefined) return hit;
  const sorted = [...values].sort((a, b) => a.localeCompare(b));
  throw new ToolError(
    `unknown value ${quoted(value)} for column ${quoted(column)}: the values are ${listed(sorted)}`,
  );
}
