/**
 * Operations in plain words (Markdown-safe: names as code spans, values as escaped text):
 * what the analyst understood, and the conditions and time window of an answer sentence.
 */
import { mdCode, mdText } from '../format';
import type { Agg, Filter, Operation, Period, Scalar } from './types';

/** A number the way the answer code prints it (`_pw_fmt`): whole numbers grouped, else ≥ 4 significant digits. */
export function fmtLikeCode(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  const d = a >= 10 ? 2 : a >= 1 ? 3 : Math.min(8, 3 - Math.floor(Math.log10(a)));
  const [int = '0', frac = ''] = Math.abs(v).toFixed(d).split('.');
  const decimals = frac.replace(/0+$/, '');
  return `${v < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals ? `.${decimals}` : ''}`;
}

export const AGG_TEXT: Record<Agg, string> = {
  sum: 'total',
  mean: 'average',
  median: 'median',
  min: 'lowest',
  max: 'highest',
  count: 'number of rows',
  nunique: 'number of distinct values of',
  share: 'share',
};

function scalar(v: Scalar): string {
  return typeof v === 'number'
    ? fmtLikeCode(v)
    : typeof v === 'boolean'
      ? v
        ? 'True'
        : 'False'
      : mdText(v, 60);
}

/** A spelling with its odd spaces made visible ("North " → "North␣"), as Markdown text. */
export function spelled(v: string): string {
  const visible = v
    .replace(/^\s+|\s+$/g, (m) => '␣'.repeat(m.length))
    .replace(/\s{2,}/g, (m) => '␣'.repeat(m.length));
  return mdText(visible, 40);
}

export function filterText(f: Filter): string {
  const also = f.spellings?.length
    ? ` (also written ${f.spellings.slice(0, 4).map(spelled).join(', ')})`
    : '';
  return `${valueText(f)}${also}`;
}

function valueText(f: Filter): string {
  const c = mdCode(f.column);
  const list = Array.isArray(f.value) ? f.value : [f.value];
  switch (f.op) {
    case '==':
      return `${c} is ${scalar(list[0] as Scalar)}`;
    case '!=':
      return `${c} is not ${scalar(list[0] as Scalar)}`;
    case 'in':
      return `${c} is ${list.slice(0, -1).map(scalar).join(', ')} or ${scalar(list[list.length - 1] as Scalar)}`;
    case 'between':
      return `${c} is between ${scalar(list[0] as Scalar)} and ${scalar(list[1] as Scalar)}`;
    case '>':
      return `${c} is over ${scalar(list[0] as Scalar)}`;
    case '>=':
      return `${c} is at least ${scalar(list[0] as Scalar)}`;
    case '<':
      return `${c} is under ${scalar(list[0] as Scalar)}`;
    case '<=':
      return `${c} is at most ${scalar(list[0] as Scalar)}`;
    case 'contains':
      return `${c} contains “${mdText(list[0], 60)}”`;
  }
}

/** " where `day` is Sun and `tip` is over 5", or "". */
export function whereText(filters: Filter[]): string {
  return filters.length ? ` where ${filters.map(filterText).join(' and ')}` : '';
}

/** "In March (2026)", "Since 2020", "On 2026-03-16", or "" — `years`: the years the rows fell in. */
export function periodText(p: Period | undefined, years?: number[]): string {
  if (!p) return '';
  let label = mdText(p.label, 60);
  const prepositions = /^(since|before|after|from|between|until|till|through|to)\b/i;
  if (!prepositions.test(p.label))
    label = /^\d{4}-\d{2}-\d{2}$/.test(p.label) ? `on ${label}` : `in ${label}`;
  const yearless = p.kind === 'date' && !p.years && !p.from && !p.to;
  if (yearless && years?.length) {
    label += years.length <= 5 ? ` (${years.join(', ')})` : ` (${years[0]}–${years[years.length - 1]})`;
  }
  return label;
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the operation computes, in words (no figures). */
export function describeOperation(op: Operation): string {
  const when = op.period ? ` ${periodText(op.period)}` : '';
  const where = whereText(op.filters);
  switch (op.op) {
    case 'count_rows':
      return `the number of rows${where}${when}`;
    case 'aggregate': {
      const by = op.by !== undefined ? ` by ${mdCode(op.by)}` : '';
      if (op.agg === 'share') {
        const of = op.measure ? ` of the total ${mdCode(op.measure)}` : ' of rows';
        return `the share${of} where ${(op.part ?? []).map(filterText).join(' and ')}${by}${where ? `, among rows${where}` : ''}${when}`;
      }
      if (op.agg === 'count') return `the number of rows${by}${where}${when}`;
      return `the ${AGG_TEXT[op.agg]} ${mdCode(op.measure ?? '')}${by}${where}${when}`;
    }
    case 'top_n': {
      const what = op.measure === null ? 'number of rows' : `${AGG_TEXT[op.agg]} ${mdCode(op.measure)}`;
      const rank = op.order === 'desc' ? 'highest' : 'lowest';
      if (op.by === null)
        return `the ${op.n} ${op.order === 'desc' ? 'largest' : 'smallest'} ${mdCode(op.measure ?? '')} values${where}${when}`;
      if (op.agg === 'share')
        return `the ${mdCode(op.by)} with the ${rank} share of rows where ${(op.part ?? []).map(filterText).join(' and ')}${where}${when}`;
      return op.n === 1
        ? `the ${mdCode(op.by)} with the ${rank} ${what}${where}${when}`
        : `the ${op.order === 'desc' ? 'top' : 'bottom'} ${op.n} ${mdCode(op.by)} values by ${what}${where}${when}`;
    }
    case 'trend': {
      const what = op.measure === null ? 'number of rows' : `${AGG_TEXT[op.agg]} ${mdCode(op.measure)}`;
      return `the ${what} by ${op.freq}${op.kind === 'date' ? ` of ${mdCode(op.column)}` : ` (${mdCode(op.column)})`}${where}${when}`;
    }
    case 'distribution':
      return `the distribution of ${mdCode(op.measure)}${where}${when}`;
    case 'correlation':
      return `the correlation between ${mdCode(op.a)} and ${mdCode(op.b)}${where}${when}`;
  }
}
