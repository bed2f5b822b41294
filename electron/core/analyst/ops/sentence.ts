/**
 * The answer sentence, from the operation and the figures its code printed (the `answer`
 * result line). Every number in it is one of the code's own display strings (`_pw_fmt`), so
 * the sentence says exactly what the output shows. No rows selected, or no readable result,
 * means no answer: the sentence says so and `answered` is false.
 */
import { z } from 'zod';
import { fmtNum, mdCode, mdText } from '../format';
import {
  AGG_TEXT,
  capitalise,
  describeOperation,
  filterText,
  periodText,
  spelled,
  whereText,
} from './describe';
import type { Operation } from './types';

/** A display number as `_pw_fmt` writes it (or n/a). */
const shown = z.string().regex(/^(-?\d{1,3}(,\d{3})*(\.\d+)?|n\/a)$/);
const key = z.string();

export const answerSchema = z.object({
  step: z.literal('answer'),
  op: z.string(),
  selected: z.number(),
  total_rows: z.number(),
  years: z.array(z.number()),
  value: shown.optional(),
  /** A share as a fraction (74.2% → 0.742), said beside the percentage. */
  fraction: shown.optional(),
  values: z.number().optional(),
  part: z.tuple([shown, shown]).optional(),
  groups: z.array(z.tuple([key, shown, z.number()])).optional(),
  groups_total: z.number().optional(),
  also: z.tuple([key, shown, z.number()]).optional(),
  ties: z.number().optional(),
  ranked: z.array(z.tuple([shown, z.array(z.string())])).optional(),
  series: z.array(z.tuple([key, shown])).optional(),
  periods: z.number().optional(),
  top: z.tuple([key, shown]).nullable().optional(),
  bottom: z.tuple([key, shown]).nullable().optional(),
  change: shown.nullable().optional(),
  stats: z.record(z.string(), shown).optional(),
  mode: z.tuple([z.string(), shown]).nullable().optional(),
  pairs: z.number().optional(),
  /** Groups whose spellings differ only in case or spaces: [group, other spellings (≤ 4), how many]. */
  spellings: z.array(z.tuple([key, z.array(z.string()), z.number()])).optional(),
  /** For `nunique`: the distinct values as written (case and spaces not ignored). */
  written: shown.optional(),
});

export type AnswerResult = z.infer<typeof answerSchema>;

export function answerPayload(result: Record<string, unknown> | null): AnswerResult | undefined {
  const parsed = answerSchema.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

export interface Sentence {
  text: string;
  answered: boolean;
}

const LIST = 12;

type Spellings = AnswerResult['spellings'];

/** A group's name, with the other spellings merged into it ("north (also written North, North␣)"). */
export function groupName(k: string, spellings: Spellings): string {
  const other = spellings?.find(([g]) => g === k);
  if (!other) return mdText(k, 60);
  const [, list, count] = other;
  const more = count > list.length ? ` and ${fmtNum(count - list.length)} more` : '';
  return `${spelled(k)} (also written ${list.map(spelled).join(', ')}${more})`;
}

function groupList(
  groups: [string, string, number][],
  total: number,
  pct = '',
  spellings?: Spellings,
): string {
  const shownGroups = groups.slice(0, LIST).map(([k, v]) => `${groupName(k, spellings)} ${v}${pct}`);
  const more = total - shownGroups.length;
  return `${shownGroups.join('; ')}${more > 0 ? `; and ${fmtNum(more)} more` : ''}`;
}

function strength(display: string): string {
  const r = Number(display.replace(/,/g, ''));
  if (!Number.isFinite(r) || r === 0) return 'none';
  const a = Math.abs(r);
  const size = a >= 0.7 ? 'strong' : a >= 0.5 ? 'moderate' : a >= 0.3 ? 'weak' : 'very weak';
  return `${size}, ${r > 0 ? 'positive' : 'negative'}`;
}

/** The sentence answering `op` from its result. */
export function answerSentence(op: Operation, p: AnswerResult | undefined): Sentence {
  if (!p || p.op !== op.op) {
    return {
      text: `I couldn't compute ${describeOperation(op)}: the code printed no readable result.`,
      answered: false,
    };
  }
  const when = periodText(op.period, p.years);
  const where = whereText(op.filters);
  const lead = (text: string) => capitalise(when ? `${when}, ${text}` : text);
  if (p.selected === 0 && op.op !== 'count_rows') {
    const scope = [where.trim(), when].filter(Boolean).join(', ');
    return {
      text: `No rows match (${scope || 'the question'}), so there is nothing to compute: ${fmtNum(p.total_rows)} rows were searched.`,
      answered: false,
    };
  }
  const missing = { text: `The figure came out empty (n/a) for ${describeOperation(op)}.`, answered: false };
  const each =
    'breakdown' in op && op.breakdown !== undefined && p.groups?.length
      ? `; each: ${groupList(p.groups, p.groups_total ?? p.groups.length, '', p.spellings)}`
      : '';
  switch (op.op) {
    case 'count_rows':
      return {
        text: lead(`there are ${p.value ?? 'n/a'} rows${where} (of ${fmtNum(p.total_rows)}${each}).`),
        answered: p.value !== undefined,
      };
    case 'aggregate': {
      const m = mdCode(op.measure ?? '');
      if (op.by !== undefined) {
        if (!p.groups?.length) return missing;
        const list = groupList(
          p.groups,
          p.groups_total ?? p.groups.length,
          op.agg === 'share' ? '%' : '',
          p.spellings,
        );
        const what =
          op.agg === 'share'
            ? `the share${op.measure ? ` of the total ${m}` : ' of rows'} where ${(op.part ?? []).map(filterText).join(' and ')}`
            : op.agg === 'count'
              ? 'the number of rows'
              : op.agg === 'nunique'
                ? `the number of distinct ${m} values`
                : `the ${AGG_TEXT[op.agg]} ${m}`;
        return { text: lead(`${what} by ${mdCode(op.by)}${where}: ${list}.`), answered: true };
      }
      if (!p.value || p.value === 'n/a') return missing;
      if (op.agg === 'share') {
        const part = (op.part ?? []).map(filterText).join(' and ');
        const [num, den] = p.part ?? ['n/a', 'n/a'];
        const rate = p.fraction ? `; a rate of ${p.fraction}` : '';
        const text = op.measure
          ? `${p.value}% of the total ${m}${where} comes from rows where ${part} (${num} of ${den}${rate}).`
          : `${part} in ${p.value}% of the rows${where} (${num} of ${den}${rate}).`;
        return { text: lead(text), answered: true };
      }
      if (op.agg === 'nunique') {
        const written =
          p.written && p.written !== p.value
            ? ` (${p.written} as written: spellings that differ only in case or spaces are counted once)`
            : '';
        return { text: lead(`${m} has ${p.value} distinct values${where}${written}.`), answered: true };
      }
      if (op.agg === 'count') return { text: lead(`there are ${p.value} rows${where}.`), answered: true };
      const rows =
        p.values !== undefined ? ` (${fmtNum(p.values)} ${p.values === 1 ? 'value' : 'values'}${each})` : '';
      return { text: lead(`the ${AGG_TEXT[op.agg]} ${m}${where} is ${p.value}${rows}.`), answered: true };
    }
    case 'top_n':
      return topSentence(op, p, lead, where);
    case 'trend':
      return trendSentence(op, p, lead, where);
    case 'distribution': {
      const s = p.stats;
      if (!s || !p.values) return missing;
      return {
        text: lead(
          `${mdCode(op.measure)}${where} ranges from ${s.min} to ${s.max}: median ${s.median}, mean ${s.mean}, half of the values between ${s.q1} and ${s.q3} (${fmtNum(p.values)} values; the histogram is above).`,
        ),
        answered: true,
      };
    }
    case 'correlation':
      if (!p.value || p.value === 'n/a') return missing;
      return {
        text: lead(
          `the correlation between ${mdCode(op.a)} and ${mdCode(op.b)}${where} is r = ${p.value} (${strength(p.value)}), over ${fmtNum(p.pairs ?? 0)} rows.`,
        ),
        answered: true,
      };
  }
}

type Lead = (text: string) => string;

function topSentence(
  op: Extract<Operation, { op: 'top_n' }>,
  p: AnswerResult,
  lead: Lead,
  where: string,
): Sentence {
  const rank = op.order === 'desc' ? 'highest' : 'lowest';
  const pct = op.agg === 'share' ? '%' : '';
  if (op.by === null) {
    const rows = p.ranked ?? [];
    if (!rows.length) return { text: 'There are no values to rank.', answered: false };
    const list = rows.map(
      ([v, labels]) => `${v}${labels.length ? ` (${labels.map((l) => mdText(l, 40)).join(', ')})` : ''}`,
    );
    return {
      text: lead(
        `the ${rows.length} ${op.order === 'desc' ? 'largest' : 'smallest'} ${mdCode(op.measure ?? '')} values${where}: ${list.join('; ')}.`,
      ),
      answered: true,
    };
  }
  const groups = p.groups ?? [];
  if (!groups.length) return { text: 'There are no groups to rank.', answered: false };
  const by = mdCode(op.by);
  const what =
    op.agg === 'share'
      ? `share of rows where ${(op.part ?? []).map(filterText).join(' and ')}`
      : op.measure === null
        ? 'number of rows'
        : `${AGG_TEXT[op.agg]} ${mdCode(op.measure)}`;
  if (op.n === 1) {
    const [first, second] = groups;
    if (!first) return { text: 'There are no groups to rank.', answered: false };
    const ties = p.ties ?? 1;
    if (ties > 1) {
      const tied = groups.slice(0, ties).map(([k]) => groupName(k, p.spellings));
      return {
        text: lead(
          `${tied.join(' and ')} tie for the ${rank} ${what} by ${by}${where}: ${first[1]}${pct} each.`,
        ),
        answered: true,
      };
    }
    const rate = op.agg === 'share' && p.fraction ? `a rate of ${p.fraction}; ` : '';
    const next = second
      ? ` (${rate}next: ${groupName(second[0], p.spellings)}, ${second[1]}${pct})`
      : rate
        ? ` (${rate.slice(0, -2)})`
        : '';
    const also =
      op.also && p.also && p.also[2] === 1
        ? ` By average ${mdCode(op.measure ?? '')}, the ${rank} is ${mdText(p.also[0], 60)}: ${p.also[1]}.`
        : '';
    return {
      text: lead(
        `the ${by} with the ${rank} ${what}${where} is ${groupName(first[0], p.spellings)}: ${first[1]}${pct}${next}.${also}`,
      ),
      answered: true,
    };
  }
  const count = Math.min(op.n, groups.length);
  const fewer = groups.length < op.n ? ` (there are only ${fmtNum(groups.length)})` : '';
  const list = groupList(groups.slice(0, count) as [string, string, number][], count, pct, p.spellings);
  return {
    text: lead(
      `the ${op.order === 'desc' ? 'top' : 'bottom'} ${op.n} ${by} values by ${what}${where}${fewer}: ${list}.`,
    ),
    answered: true,
  };
}

function trendSentence(
  op: Extract<Operation, { op: 'trend' }>,
  p: AnswerResult,
  lead: Lead,
  where: string,
): Sentence {
  const series = p.series ?? [];
  if (!series.length || !p.top || !p.bottom)
    return { text: 'There are no periods to show.', answered: false };
  const what = op.measure === null ? 'number of rows' : `${AGG_TEXT[op.agg]} ${mdCode(op.measure)}`;
  const axis = op.kind === 'date' ? `${op.freq} of ${mdCode(op.column)}` : `${mdCode(op.column)}`;
  const periods = p.periods ?? series.length;
  const list =
    periods <= LIST && series.length === periods
      ? series.map(([k, v]) => `${mdText(k, 30)} ${v}`).join('; ')
      : `${fmtNum(periods)} ${op.freq}s from ${mdText(series[0]?.[0], 30)} to ${mdText(series[series.length - 1]?.[0], 30)}`;
  const change =
    p.change && p.change !== 'n/a'
      ? `; from the first to the last ${op.freq}: ${p.change.startsWith('-') ? '' : '+'}${p.change}%`
      : '';
  const extremes = `highest ${mdText(p.top[0], 30)} (${p.top[1]}), lowest ${mdText(p.bottom[0], 30)} (${p.bottom[1]})${change}`;
  if (op.focus) {
    const [k, v] = op.focus === 'max' ? p.top : p.bottom;
    return {
      text: lead(
        `the ${op.freq} with the ${op.focus === 'max' ? 'highest' : 'lowest'} ${what}${where} is ${mdText(k, 30)}: ${v} (by ${axis}: ${list}).`,
      ),
      answered: true,
    };
  }
  return { text: lead(`the ${what} by ${axis}${where}: ${list}; ${extremes}.`), answered: true };
}
