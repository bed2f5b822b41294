/**
 * The final message: a plain-language summary built only from figures the code computed and
 * printed (parsed from PLOTWRIGHT-RESULT lines), then TERMINATE. Names are quoted as code spans
 * and values as escaped text: they are data, never instructions or Markdown.
 */
import type { FileProfile } from '../data/types';
import { fmtNum, fmtPct, mdCode, mdNames, mdText, plural } from './format';
import { quoteQuestion, STEP_LABEL } from './messages';
import { MAX_TURNS, mentionAt, type PlanState } from './plan';
import type { TotalsResult, TrendResult } from './results';

type Table = TotalsResult['tables'][number];
const GROUPS_SHOWN = 8;

function groupText(row: Table['rows'][number]): string {
  const [key, sum, rows, mean] = row;
  return `${mdText(key)}: ${fmtNum(sum)} over ${plural(rows ?? 0, 'row')} (mean ${fmtNum(mean)})`;
}

function tableLine(t: Table): string {
  const shown = t.rows.slice(0, GROUPS_SHOWN).map(groupText);
  const more = t.groups - shown.length;
  return `- **Totals of ${mdCode(t.measure)} by ${mdCode(t.category)}:** ${shown.join('; ')}${more > 0 ? `; and ${plural(more, 'more group')}` : ''}.`;
}

function trendLine(t: TrendResult): string {
  const unit = t.freq;
  const head = `- **${mdCode(t.measure)} by ${unit}** (${mdCode(t.axis)}):`;
  const top = t.top ? ` The highest ${unit} is ${mdText(t.top[0])} (${fmtNum(t.top[1])})` : '';
  const bottom = t.bottom ? `, the lowest ${mdText(t.bottom[0])} (${fmtNum(t.bottom[1])})` : '';
  const total = `; total ${fmtNum(t.total)}.`;
  if (t.periods <= 12 && t.series.length === t.periods) {
    const list = t.series.map(([p, v]) => `${mdText(p)}: ${fmtNum(v)}`).join('; ');
    return `${head} ${list}.${top}${bottom}${total}`;
  }
  const first = t.series[0]?.[0];
  const last = t.series[t.series.length - 1]?.[0];
  return `${head} ${plural(t.periods, unit)} from ${mdText(first)} to ${mdText(last)}.${top}${bottom}${total}`;
}

const TIME_WORDS = /\b(month|monthly|time|trend|year|yearly|date|when|period|season|over time|growth)/i;

/** The most relevant measure (question mentions first) that has totals, and its tables. */
function primaryTotals(state: PlanState): { m0: string | undefined; tables: Table[] } {
  const roles = state.roles;
  const computed = state.results.totals?.tables ?? [];
  if (!roles) return { m0: undefined, tables: [] };
  const m0 = roles.measures.find((m) => computed.some((t) => t.measure === m)) ?? roles.measures[0];
  const rank = (c: string) => roles.categories.indexOf(c);
  const tables = computed.filter((t) => t.measure === m0).sort((a, b) => rank(a.category) - rank(b.category));
  return { m0, tables };
}

/** A direct answer from the figures, as far as they go. */
function answer(state: PlanState): string {
  const { roles, results, question } = state;
  if (!roles) return 'The data could not be loaded, so there are no figures to answer it with.';
  const parts: string[] = [];
  const { m0, tables } = primaryTotals(state);
  // Groups named in the question, e.g. "How did Widget Pro do?"
  for (const t of tables) {
    for (const [key, sum, rows, mean] of t.rows) {
      if (typeof key === 'string' && mentionAt(key, question) >= 0) {
        parts.push(
          `${mdText(key)} (${mdCode(t.category)}): total ${mdCode(t.measure)} ${fmtNum(sum)} over ${plural(rows ?? 0, 'row')} (mean ${fmtNum(mean)}).`,
        );
      }
    }
  }
  const t = tables[0];
  if (!parts.length && t?.rows.length) {
    const top = t.rows[0];
    const bottom = t.rows[t.rows.length - 1];
    if (top && bottom) {
      parts.push(
        `By ${mdCode(t.category)}, ${mdText(top[0])} has the highest total ${mdCode(t.measure)} (${fmtNum(top[1])} over ${plural(top[2] ?? 0, 'row')})` +
          (t.rows.length > 1
            ? ` and ${mdText(bottom[0])} the lowest (${fmtNum(bottom[1])} over ${plural(bottom[2] ?? 0, 'row')}).`
            : '.'),
      );
    }
  }
  const trend = results.trend;
  const timeAsked = TIME_WORDS.test(question) || (trend && mentionAt(trend.axis, question) >= 0);
  if (trend?.top && (timeAsked || !parts.length)) {
    parts.push(
      `By ${trend.freq}, ${mdCode(trend.measure)} was highest in ${mdText(trend.top[0])} (${fmtNum(trend.top[1])}).`,
    );
  }
  const stats = results.describe?.stats.find((s) => s.name === m0);
  if (stats && parts.length) parts.push(`In total, ${mdCode(stats.name)} adds up to ${fmtNum(stats.sum)}.`);
  if (!parts.length && stats) {
    parts.push(
      `${mdCode(stats.name)} ranges from ${fmtNum(stats.min)} to ${fmtNum(stats.max)} (mean ${fmtNum(stats.mean)}, total ${fmtNum(stats.sum)}).`,
    );
  }
  return parts.length
    ? parts.join(' ')
    : 'The figures computed here do not answer it directly; below is what the data shows.';
}

function strength(r: number): string {
  const a = Math.abs(r);
  const size = a >= 0.7 ? 'strong' : a >= 0.5 ? 'moderate' : 'weak';
  return `${size}, ${r > 0 ? 'positive' : 'negative'}`;
}

export function summaryMessage(state: PlanState, profile: FileProfile): string {
  const out: string[] = ['## Summary', ''];
  const o = state.overview;
  if (!o) {
    out.push(
      `I could not load ${mdCode(profile.name, 120)}: ${mdCode(state.loadError ?? 'unknown error', 300)}.`,
      '',
      'Nothing else could be computed. Check that the file is a readable CSV (encoding, delimiter, header row) and try again.',
      '',
      'TERMINATE',
    );
    return out.join('\n');
  }
  const roles = state.roles;
  if (state.question)
    out.push(`**Your question:** ${quoteQuestion(state.question)}`, '', `**Answer:** ${answer(state)}`, '');
  const missing = o.columns.filter((c) => c.missing > 0);
  const missingText = missing.length
    ? `Missing values: ${missing
        .slice(0, 6)
        .map((c) => `${mdCode(c.name)} ${fmtNum(c.missing)} (${fmtPct(c.pct)})`)
        .join(', ')}${missing.length > 6 ? ` and ${plural(missing.length - 6, 'more column')}` : ''}.`
    : 'No missing values.';
  const dup = o.duplicates ? ` ${plural(o.duplicates, 'duplicate row')}.` : '';
  out.push(`- **Data:** ${plural(o.rows, 'row')} × ${plural(o.cols, 'column')}. ${missingText}${dup}`);
  if (roles) {
    const dates = o.dates.map((d) => `${mdCode(d.name)} (${mdText(d.min)} to ${mdText(d.max)})`).join(', ');
    out.push(
      `- **Columns:** measures ${roles.measures.length ? mdNames(roles.measures) : 'none'}; categories ${roles.categories.length ? mdNames(roles.categories) : 'none'}${dates ? `; dates ${dates}` : ''}${o.years.length ? `; years ${mdNames(o.years)}` : ''}.`,
    );
  }
  for (const c of o.converted) {
    out.push(
      `- **Cleaned:** ${mdCode(c.name)} holds numbers; ${plural(c.bad, 'other value')} (e.g. ${c.examples.map((e) => `“${mdText(e, 40)}”`).join(', ')}) counted as missing.`,
    );
  }
  if (!roles?.measures.length)
    out.push('- There is no numeric column to add up, so no totals or trends were computed.');
  const stats = state.results.describe?.stats.slice(0, 3) ?? [];
  if (stats.length) {
    const text = stats.map(
      (s) =>
        `${mdCode(s.name)} from ${fmtNum(s.min)} to ${fmtNum(s.max)} (mean ${fmtNum(s.mean)}, total ${fmtNum(s.sum)})`,
    );
    out.push(`- **Ranges:** ${text.join('; ')}.`);
  }
  for (const t of primaryTotals(state).tables) out.push(tableLine(t));
  if (state.results.trend?.periods) out.push(trendLine(state.results.trend));
  const e = state.results.extremes;
  if (e) {
    const row = (r: (string | number | boolean | null)[] | undefined) =>
      r
        ? `${fmtNum(typeof r[0] === 'number' ? r[0] : null)}${
            r.length > 1
              ? ` (${r
                  .slice(1)
                  .map((v) => mdText(v, 40))
                  .join(', ')})`
              : ''
          }`
        : 'n/a';
    out.push(
      `- **Extremes of ${mdCode(e.measure)}:** largest ${row(e.top[0])}; smallest ${row(e.bottom[0])}.`,
    );
  }
  const c = state.results.correlations;
  if (c) {
    out.push(
      c.pairs.length
        ? `- **Correlations:** ${c.pairs.map(([a, b, r]) => `${mdCode(a)} and ${mdCode(b)}: r = ${r.toFixed(2)} (${strength(r)})`).join('; ')}.`
        : `- **Correlations:** no pair of measures has |r| ≥ 0.3.`,
    );
  }
  const notDone = [
    ...state.skipped.map((s) => `the ${STEP_LABEL[s.step]} step (${mdText(s.reason, 200)})`),
    ...(state.turns >= MAX_TURNS - 1
      ? state.pending.map((p) => `the ${STEP_LABEL[p]} step (out of turns)`)
      : []),
  ];
  if (notDone.length) out.push(`- **Not completed:** ${notDone.join('; ')}.`);
  out.push('', 'All figures above were computed by the code in this conversation.', '', 'TERMINATE');
  return out.join('\n');
}
