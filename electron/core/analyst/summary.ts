/**
 * The final message: a plain-language summary built only from figures the code computed and
 * printed (handed over out of band by `record_result`), then TERMINATE. Names are quoted as code spans
 * and values as escaped text: they are data, never instructions or Markdown.
 */
import type { FileProfile } from '../../model/data/types';
import { fmtNum, fmtPct, mdCode, mdNames, mdText } from './format';
import { measureKind, percentColumns } from './measures';
import { declineText, quoteQuestion, STEP_LABEL } from './messages';
import { answerSentence, groupName } from './ops/sentence';
import { MAX_TURNS, type PlanState } from './plan';
import type { TotalsResult, TrendResult } from './results';
import { plural } from '../../model/text/plural';

type Table = TotalsResult['tables'][number];
const GROUPS_SHOWN = 8;

function groupText(row: Table['rows'][number], level: boolean, spellings: Table['spellings']): string {
  const [key, sum, rows, mean] = row;
  const name = groupName(String(key), spellings);
  return level
    ? `${name}: mean ${fmtNum(mean)} over ${plural(rows ?? 0, 'row')}`
    : `${name}: ${fmtNum(sum)} over ${plural(rows ?? 0, 'row')} (mean ${fmtNum(mean)})`;
}

function tableLine(t: Table, level: boolean): string {
  const shown = t.rows.slice(0, GROUPS_SHOWN).map((r) => groupText(r, level, t.spellings));
  const more = t.groups - shown.length;
  const title = level ? 'Averages' : 'Totals';
  return `- **${title} of ${mdCode(t.measure)} by ${mdCode(t.category)}:** ${shown.join('; ')}${more > 0 ? `; and ${plural(more, 'more group')}` : ''}.`;
}

function trendLine(t: TrendResult): string {
  const unit = t.freq;
  const mean = t.how === 'mean';
  const head = `- **${mean ? 'Average ' : ''}${mdCode(t.measure)} by ${unit}** (${mdCode(t.axis)}):`;
  const top = t.top ? ` The highest ${unit} is ${mdText(t.top[0])} (${fmtNum(t.top[1])})` : '';
  const bottom = t.bottom ? `, the lowest ${mdText(t.bottom[0])} (${fmtNum(t.bottom[1])})` : '';
  const total = mean ? '.' : `; total ${fmtNum(t.total)}.`;
  if (t.periods <= 12 && t.series.length === t.periods) {
    const list = t.series.map(([p, v]) => `${mdText(p)}: ${fmtNum(v)}`).join('; ');
    return `${head} ${list}.${top}${bottom}${total}`;
  }
  const first = t.series[0]?.[0];
  const last = t.series[t.series.length - 1]?.[0];
  return `${head} ${plural(t.periods, unit)} from ${mdText(first)} to ${mdText(last)}.${top}${bottom}${total}`;
}

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

/** Whether a measure's sum means nothing (see measures.ts), judged with the numeric summary's range. */
function levelMeasure(state: PlanState, name: string, percent: Set<string>): boolean {
  const s = state.results.describe?.stats.find((x) => x.name === name);
  return measureKind(name, s ? { min: s.min, max: s.max } : undefined, percent.has(name)) === 'level';
}

/** The first lines: the answer to the question, or why it cannot be answered from the file. */
function answerLines(state: PlanState): string[] {
  const u = state.understanding;
  if (!state.question || !u || u.kind === 'overview') return [];
  const offer =
    'Below is an overview of the data. For questions I cannot handle, connect a model (an OpenAI-compatible endpoint or a local one).';
  if (u.kind === 'decline')
    return [`${declineText(state)} ${offer}`, '', `**Your question:** ${quoteQuestion(state.question)}`, ''];
  const sentence = answerSentence(u.operation, state.answer ?? undefined);
  if (sentence.answered)
    return [`**Answer:** ${sentence.text}`, '', `**Your question:** ${quoteQuestion(state.question)}`, ''];
  const why = state.answerError
    ? `computing ${u.understood} failed (${mdCode(state.answerError, 200)}).`
    : sentence.text.charAt(0).toLowerCase() + sentence.text.slice(1);
  return [
    `I can't answer that from this file: ${why} ${offer}`,
    '',
    `**Your question:** ${quoteQuestion(state.question)}`,
    '',
  ];
}

function strength(r: number): string {
  const a = Math.abs(r);
  const size = a >= 0.7 ? 'strong' : a >= 0.5 ? 'moderate' : 'weak';
  return `${size}, ${r > 0 ? 'positive' : 'negative'}`;
}

export function summaryMessage(state: PlanState, profile: FileProfile): string {
  const percent = percentColumns(profile);
  const o = state.overview;
  const out: string[] = o ? [...answerLines(state), '## Summary', ''] : ['## Summary', ''];
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
      c.bad
        ? `- **Cleaned:** ${mdCode(c.name)} holds numbers; ${plural(c.bad, 'other value')} (e.g. ${c.examples.map((e) => `“${mdText(e, 40)}”`).join(', ')}) counted as missing.`
        : `- **Cleaned:** ${mdCode(c.name)} was written as text${c.how ? ` (${mdText(c.how, 80)})` : ''}; every value was read as a number.`,
    );
  }
  if (!roles?.measures.length)
    out.push('- There is no numeric column to add up, so no totals or trends were computed.');
  const stats = state.results.describe?.stats.slice(0, 3) ?? [];
  if (stats.length) {
    const text = stats.map((s) =>
      levelMeasure(state, s.name, percent)
        ? `${mdCode(s.name)} from ${fmtNum(s.min)} to ${fmtNum(s.max)} (mean ${fmtNum(s.mean)}, median ${fmtNum(s.median)})`
        : `${mdCode(s.name)} from ${fmtNum(s.min)} to ${fmtNum(s.max)} (mean ${fmtNum(s.mean)}, total ${fmtNum(s.sum)})`,
    );
    out.push(`- **Ranges:** ${text.join('; ')}.`);
  }
  for (const t of primaryTotals(state).tables)
    out.push(tableLine(t, levelMeasure(state, t.measure, percent)));
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
  out.push('', 'TERMINATE');
  return out.join('\n');
}
