/**
 * The prose of the analyst's step messages: what happened to the previous block (a finding,
 * or why it failed and what happens instead), then what this block does.
 */
import type { FileProfile } from '../../model/data/types';
import { fmtNum, mdCode, mdNames, mdText } from './format';
import { answerSentence } from './ops/sentence';
import type { Notice, PlanState, StepAction, StepId } from './plan';
import { plural } from '../../model/text/plural';

export const STEP_LABEL: Record<StepId, string> = {
  overview: 'overview',
  lookup: 'lookup',
  answer: 'answer',
  describe: 'numeric summary',
  totals: 'totals by category',
  trend: 'trend',
  extremes: 'largest and smallest rows',
  correlations: 'correlations',
};

const SAFER: Record<StepId, string> = {
  overview: '',
  lookup: '',
  answer: '',
  describe: "the measures converted with `pd.to_numeric(errors='coerce')`, at most 3 of them",
  totals:
    "the measure converted with `pd.to_numeric(errors='coerce')`, one measure, two categories, no charts",
  trend: 'the measure converted to numbers and the dates parsed again, one measure, no chart',
  extremes: "the measure converted with `pd.to_numeric(errors='coerce')`, fewer columns",
  correlations: "the measures converted with `pd.to_numeric(errors='coerce')`, at most 5, no chart",
};

export function quoteQuestion(question: string): string {
  return `“${mdText(question, 300)}”`;
}

export function firstMessage(profile: FileProfile, question: string): string {
  const size = `${plural(profile.rows, 'row')}, ${plural(profile.columns.length, 'column')}`;
  const lines = [
    `I'll analyse ${mdCode(profile.name, 120)} (${size} according to the file profile) step by step, one block of Python at a time.`,
  ];
  if (question)
    lines.push(
      `You asked: ${quoteQuestion(question)} — I'll compute the answer with code and give it at the end, with an overview of the data.`,
    );
  lines.push(
    '',
    'First, load the data and get an overview: shape, column types, the first rows, missing values, which text columns hold dates or numbers, and which columns are measures and categories.',
  );
  return lines.join('\n');
}

function finding(state: PlanState, step: StepId): string {
  const roles = state.roles;
  const m0 = roles?.measures[0];
  switch (step) {
    case 'overview': {
      const o = state.overview;
      if (!o || !roles) return '';
      const missing = o.columns.filter((c) => c.missing > 0);
      const parts = [
        `Loaded ${plural(o.rows, 'row')} × ${plural(o.cols, 'column')}; ${missing.length ? `missing values in ${plural(missing.length, 'column')}` : 'no missing values'}.`,
        `Measures: ${roles.measures.length ? mdNames(roles.measures) : 'none'}; categories: ${roles.categories.length ? mdNames(roles.categories) : 'none'}${roles.dates.length ? `; dates: ${mdNames(roles.dates)}` : ''}.`,
      ];
      for (const c of o.converted) {
        parts.push(
          `${mdCode(c.name)} holds numbers with ${plural(c.bad, 'other value')} (now missing), e.g. ${c.examples.map((e) => `“${mdText(e, 40)}”`).join(', ')}.`,
        );
      }
      return parts.join(' ');
    }
    case 'lookup': {
      const u = state.understanding;
      if (u?.kind === 'answer') return `I read the question as: ${u.understood}.`;
      if (u?.kind === 'decline') return `${declineText(state)} I'll give an overview of the data instead.`;
      return '';
    }
    case 'answer': {
      const u = state.understanding;
      return u?.kind === 'answer' ? answerSentence(u.operation, state.answer ?? undefined).text : '';
    }
    case 'describe': {
      const s = state.results.describe?.stats[0];
      if (!s) return '';
      return `${mdCode(s.name)} ranges from ${fmtNum(s.min)} to ${fmtNum(s.max)} (mean ${fmtNum(s.mean)}, total ${fmtNum(s.sum)}).`;
    }
    case 'totals': {
      const t = state.results.totals?.tables[0];
      const top = t?.rows[0];
      if (!t || !top) return '';
      return `By ${mdCode(t.category)}, ${mdText(top[0])} has the largest total ${mdCode(t.measure)}: ${fmtNum(top[1])} over ${plural(top[2] ?? 0, 'row')}.`;
    }
    case 'trend': {
      const t = state.results.trend;
      if (!t?.top) return '';
      return `The highest ${mdCode(t.measure)} by ${t.freq} was in ${mdText(t.top[0])} (${fmtNum(t.top[1])}).`;
    }
    case 'extremes': {
      const e = state.results.extremes;
      if (!e || !m0) return '';
      return `The largest ${mdCode(e.measure)} is ${fmtNum(num(e.top[0]?.[0]))} and the smallest ${fmtNum(num(e.bottom[0]?.[0]))}.`;
    }
    default:
      return '';
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);

function noticeText(notice: Notice, state: PlanState): string {
  const label = STEP_LABEL[notice.step];
  switch (notice.kind) {
    case 'ok':
      return finding(state, notice.step);
    case 'not-run':
      return `The ${label} step was not run, so I'm moving on.`;
    case 'retry-reload':
      return `The kernel no longer has the data (${mdCode(notice.lastLine, 200)}), so this block loads it again and re-runs the ${label} step.`;
    case 'retry-safe':
      return `The ${label} step failed: ${mdCode(notice.lastLine, 200)}. I'll run it again in a safer form (${SAFER[notice.step]})${notice.stateLost ? ', after loading the data again since the kernel lost its state' : ''}.`;
    case 'skipped':
      if (notice.step === 'lookup' || notice.step === 'answer')
        return `The ${label} step failed (${mdCode(notice.lastLine, 200)}), so I'm going on without it${notice.stateLost ? ' (the kernel lost its state, so the next block loads the data again)' : ''}.`;
      return `The safer ${label} step failed too (${mdCode(notice.lastLine, 200)}), so I'm skipping it${notice.stateLost ? ' (the kernel lost its state, so the next block loads the data again)' : ''}.`;
  }
}

function intro(action: StepAction, state: PlanState): string {
  const roles = state.roles;
  if (!roles) return '';
  const m = roles.measures;
  const m0 = mdCode(m[0] ?? '');
  switch (action.step) {
    case 'lookup':
      return 'Next, look up the words of your question in the data: which of them are values of a column (a region, a day…), which columns it names are yes/no columns, and the range of the numbers it names.';
    case 'answer': {
      const u = state.understanding;
      return u?.kind === 'answer' ? `Next, compute ${u.understood}.` : '';
    }
    case 'describe':
      return `Next, a numeric summary of the measures (${mdNames(m)}): count, mean, spread, range and total.`;
    case 'totals':
      return `Next, totals of ${mdNames(m.slice(0, 3))} by ${mdNames(roles.categories.slice(0, 4))}: sum, number of rows and mean per group, largest first, with a bar chart of ${m0} for each category.`;
    case 'trend':
      return roles.trend?.kind === 'year'
        ? `Next, the trend over the years: ${mdNames(m.slice(0, 3))} added up per ${mdCode(roles.trend.column)}, with a line chart of ${m0}.`
        : `Next, the trend over time: ${mdNames(m.slice(0, 3))} added up per month of ${mdCode(roles.trend?.column ?? '')} (per day when the data covers fewer than 3 months), with a line chart of ${m0}.`;
    case 'extremes':
      return `Next, the 5 largest and 5 smallest rows by ${m0}${roles.labels.length ? `, with ${mdNames(roles.labels)} alongside` : ''}.`;
    case 'correlations':
      return 'Last, how the measures move together: the correlation matrix, the strongest pairs (|r| ≥ 0.3) and a scatter chart of the strongest one.';
    default:
      return '';
  }
}

/** The prose before an analysis step's code block. */
export function stepMessage(state: PlanState, action: StepAction): string {
  const lines: string[] = [];
  const said = state.notice ? noticeText(state.notice, state) : '';
  if (said) lines.push(said);
  const retry = state.notice && state.notice.kind.startsWith('retry');
  if (!retry && state.roles) lines.push(intro(action, state));
  if (action.reload && state.alwaysReload) {
    lines.push('This kernel keeps no variables between blocks, so each block loads the data first.');
  } else if (action.reload && !retry && state.notice?.kind !== 'skipped') {
    lines.push('The kernel lost its state, so this block loads the data again first.');
  }
  return lines.join('\n\n');
}

/** "I can't answer that from this file: …" with what was understood, for a declined question. */
export function declineText(state: PlanState): string {
  const u = state.understanding;
  if (u?.kind !== 'decline') return '';
  const reason = u.missing.join('; ');
  return `I can't answer that from this file: ${reason}.${u.understood ? ` I understood ${u.understood}.` : ''}`;
}
