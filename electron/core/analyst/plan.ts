/**
 * The analyst's decisions. It keeps no memory between calls: the state is rebuilt by replaying
 * the conversation (its own earlier messages were a pure function of what came before them, so
 * each execution result is applied to the action that produced it). Same conversation → same
 * state → same next message.
 */
import type { ChatMessage } from '../../model/llm/types';
import type { AnalysisStep, Variant } from './step-code';
import { answerPayload, answerSentence, type AnswerResult } from './ops/sentence';
import type { Understanding } from './ops/types';
import { lookupData, lookupPayload, type LookupResult } from './question/lookup';
import type { QuestionContext } from './question/match';
import { understand } from './question/parse';
import type { DecimalMark } from './question/words';
import {
  overviewPayload,
  findResult,
  parseExecution,
  stepPayload,
  type ExecutionReport,
  type Overview,
  type StepResults,
} from './results';
import type { Roles } from './load-code';

export type StepId = 'overview' | 'lookup' | 'answer' | AnalysisStep;
/** At most this many assistant messages in a conversation, the summary included. */
export const MAX_TURNS = 12;

export type Action = { kind: 'step'; step: StepId; variant: Variant; reload: boolean } | { kind: 'summary' };

export type StepAction = Extract<Action, { kind: 'step' }>;

/** What became of the previous message's code, told at the start of the next message. */
export type Notice =
  | { kind: 'ok'; step: StepId }
  | { kind: 'retry-reload' | 'retry-safe' | 'skipped'; step: StepId; lastLine: string; stateLost: boolean }
  | { kind: 'not-run'; step: StepId };

export interface PlanState {
  question: string;
  /** The data file's name (its stem names the rows: "diamonds" in diamonds.csv). */
  fileName: string;
  /** Columns the file wrote as percentages: never summed. */
  percent: string[];
  /** The file's decimal mark (how "5.000" in a question is read), null when it uses both. */
  decimal: DecimalMark;
  /** Assistant messages since the question was asked. */
  turns: number;
  overview: Overview | null;
  roles: Roles | null;
  /** The first load failed: why (the summary explains it and the analyst stops). */
  loadError: string | null;
  results: StepResults;
  /** Analysis steps still to do; the first one is in progress while it is retried. */
  pending: AnalysisStep[];
  retry: StepAction | null;
  needReload: boolean;
  /** The kernel keeps no state between blocks: every step reloads. */
  alwaysReload: boolean;
  reloadWorked: boolean;
  notice: Notice | null;
  skipped: { step: StepId; reason: string }[];
  summaries: number;
  /** What the question still needs before the analysis steps: the lookup, then the answer. */
  asking: 'lookup' | 'answer' | null;
  lookup: LookupResult | null;
  understanding: Understanding | null;
  answer: AnswerResult | null;
  /** Why the answer step failed (its last line), when it did. */
  answerError: string | null;
  /** Whether the last summary answered the question: true, false (declined), null (no question yet). */
  verdict: boolean | null;
}

function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** Where `name` is mentioned in the question as whole words (plural allowed), or -1. */
function mentionAt(name: string, question: string): number {
  const n = words(name).trim();
  if (!n) return -1;
  const q = words(question);
  const at = q.indexOf(` ${n} `);
  return at >= 0 ? at : q.indexOf(` ${n}s `);
}

const MONEY = /^(revenue|sales|amount|price|total|cost|fare|profit|spend|spending|income|value|usd|eur|gbp)/;

function byQuestion(names: string[], question: string, prefer?: (name: string) => boolean): string[] {
  const rank = (name: string) => {
    const at = mentionAt(name, question);
    if (at >= 0) return at;
    return prefer?.(name) ? 1e9 : 2e9;
  };
  // Array.prototype.sort is stable: ties keep the file's column order.
  return [...names].sort((a, b) => rank(a) - rank(b));
}

const moneyLike = (name: string) =>
  words(name)
    .trim()
    .split(' ')
    .some((w) => MONEY.test(w));

/** Which columns each step works on, from the overview, the question mentions first. */
export function rolesFor(overview: Overview, question: string): Roles {
  const unique = new Map(overview.columns.map((c) => [c.name, c.unique]));
  const dates = overview.dates.map((d) => d.name);
  const years = overview.years;
  const yearCategories = dates.length
    ? years.filter((y) => (unique.get(y) ?? 0) >= 2 && (unique.get(y) ?? 0) <= 30)
    : [];
  const categories = byQuestion([...overview.categories, ...yearCategories], question);
  const orderedDates = byQuestion(dates, question);
  const trendColumn = orderedDates[0] ?? byQuestion(years, question)[0];
  const trend = trendColumn ? { column: trendColumn, kind: dates.length ? 'date' : 'year' } : null;
  const labels = [...categories.slice(0, 3), ...orderedDates.slice(0, 1)];
  if (!categories.length && overview.texts[0] !== undefined) labels.push(overview.texts[0]);
  return {
    measures: byQuestion(overview.measures, question, moneyLike),
    categories,
    dates,
    converted: overview.converted.map((c) => c.name),
    trend: trend as Roles['trend'],
    labels,
  };
}

export function stepsFor(roles: Roles): AnalysisStep[] {
  if (!roles.measures.length) return [];
  const steps: AnalysisStep[] = ['describe'];
  if (roles.categories.length) steps.push('totals');
  if (roles.trend) steps.push('trend');
  steps.push('extremes');
  if (roles.measures.length >= 2) steps.push('correlations');
  return steps;
}

const MISSING_STATE = /NameError: name '(?:df|pd|record_result|chart|_pw_result)' is not defined/;

/** The next action for a state. */
export function decide(s: PlanState): Action {
  if (s.loadError !== null || s.turns >= MAX_TURNS - 1) return { kind: 'summary' };
  if (!s.overview) return { kind: 'step', step: 'overview', variant: 'normal', reload: false };
  if (s.retry) return s.retry;
  const reload = s.needReload || s.alwaysReload;
  if (s.asking) return { kind: 'step', step: s.asking, variant: 'normal', reload };
  if (s.summaries > 0) return { kind: 'summary' };
  const step = s.pending[0];
  if (!step) return { kind: 'summary' };
  return { kind: 'step', step, variant: 'normal', reload: s.needReload || s.alwaysReload };
}

/** Applies the reply to `action` (an execution result, or anything else the user said). */
export function apply(s: PlanState, action: Action, reply: ChatMessage | undefined): void {
  s.turns += 1;
  const report: ExecutionReport | null =
    reply?.role === 'user' ? parseExecution(reply.content, reply.results) : null;
  if (action.kind === 'summary') {
    s.summaries += 1;
    s.verdict = verdictOf(s);
    if (reply?.role === 'user' && !report) {
      // A follow-up question: looked up and answered on the same data, its mentions first.
      s.question = reply.content.trim();
      s.turns = 0;
      s.verdict = null;
      if (s.overview) {
        s.roles = rolesFor(s.overview, s.question);
        startQuestion(s);
      }
    }
    return;
  }
  const { step } = action;
  s.notice = null;
  if (step === 'lookup' || step === 'answer') {
    applyQuestionStep(s, action, report);
    return;
  }
  if (step === 'overview') {
    const overview = report?.ok ? overviewPayload(findResult(report.results, 'overview')) : undefined;
    if (!overview) {
      s.loadError = !report
        ? 'the code was not run'
        : report.ok
          ? 'the overview step printed no result'
          : report.lastLine || `exit code ${report.exitCode}`;
      return;
    }
    s.overview = overview;
    s.roles = rolesFor(overview, s.question);
    s.pending = stepsFor(s.roles);
    s.notice = { kind: 'ok', step };
    startQuestion(s);
    return;
  }
  const done = (reason: string | null) => {
    s.pending.shift();
    s.retry = null;
    if (reason) s.skipped.push({ step, reason });
  };
  if (!report) {
    s.notice = { kind: 'not-run', step };
    done('it was not run');
    return;
  }
  if (report.ok) {
    const payload = stepPayload(step, findResult(report.results, step));
    if (payload) (s.results as Record<string, unknown>)[step] = payload;
    if (action.reload) s.reloadWorked = true;
    s.needReload = false;
    s.notice = { kind: 'ok', step };
    done(payload ? null : 'it printed no readable result');
    return;
  }
  const lastLine = report.lastLine || `exit code ${report.exitCode}`;
  const missing = MISSING_STATE.test(report.output);
  if (missing && !action.reload) {
    // Restarted outside our view (or a stateless kernel, when a reload already worked once).
    if (s.reloadWorked) s.alwaysReload = true;
    s.retry = { ...action, reload: true };
    s.notice = { kind: 'retry-reload', step, lastLine, stateLost: true };
    return;
  }
  if (action.variant === 'normal') {
    s.retry = { ...action, variant: 'safe', reload: report.stateLost || s.alwaysReload };
    s.notice = { kind: 'retry-safe', step, lastLine, stateLost: report.stateLost };
    return;
  }
  s.needReload = report.stateLost;
  s.notice = { kind: 'skipped', step, lastLine, stateLost: report.stateLost };
  done(`it failed twice (${lastLine})`);
}

export function initialState(
  question: string,
  fileName = '',
  percent: string[] = [],
  decimal: DecimalMark = '.',
): PlanState {
  return {
    question,
    fileName,
    percent,
    decimal,
    turns: 0,
    overview: null,
    roles: null,
    loadError: null,
    results: {},
    pending: [],
    retry: null,
    needReload: false,
    alwaysReload: false,
    reloadWorked: false,
    notice: null,
    skipped: [],
    summaries: 0,
    asking: null,
    lookup: null,
    understanding: null,
    answer: null,
    answerError: null,
    verdict: null,
  };
}

/**
 * Replays the conversation: the question is `question`, else the first user message; each assistant message
 * was the action `decide` gave at that point, and the message after it is its result.
 */
export function replay(
  messages: ChatMessage[],
  question?: string,
  fileName = '',
  percent: string[] = [],
  decimal: DecimalMark = '.',
): { state: PlanState; next: Action } {
  const first = messages.findIndex((m) => m.role === 'user');
  const asked = first >= 0 ? (messages[first]?.content.trim() ?? '') : '';
  const state = initialState(question?.trim() ?? asked, fileName, percent, decimal);
  for (let i = first + 1; i < messages.length && first >= 0; i++) {
    if (messages[i]?.role !== 'assistant') continue;
    const action = decide(state);
    const reply = messages[i + 1];
    apply(state, action, reply?.role === 'user' ? reply : undefined);
  }
  return { state, next: decide(state) };
}

/** What the parser knows about the data: the overview's roles, the lookup's values. */
export function questionContext(s: PlanState): QuestionContext | null {
  const o = s.overview;
  if (!o) return null;
  return {
    fileName: s.fileName,
    rows: o.rows,
    columns: o.columns.map((c) => c.name),
    measures: o.measures,
    categories: o.categories,
    texts: o.texts,
    dates: o.dates.map((d) => d.name),
    years: o.years,
    ids: o.ids,
    percent: s.percent,
    decimal: s.decimal,
    lookup: s.lookup ? lookupData(s.lookup) : null,
  };
}

/** A new question: nothing to look up for an empty one or a request for an overview. */
function startQuestion(s: PlanState): void {
  s.lookup = null;
  s.answer = null;
  s.answerError = null;
  s.understanding = null;
  const ctx = questionContext(s);
  if (!s.question || !ctx) {
    s.asking = null;
    return;
  }
  const first = understand(s.question, ctx);
  if (first.kind === 'overview') {
    s.understanding = first;
    s.asking = null;
  } else s.asking = 'lookup';
}

function applyQuestionStep(s: PlanState, action: StepAction, report: ExecutionReport | null): void {
  const { step } = action;
  const finish = () => {
    s.retry = null;
    if (step === 'lookup') {
      const ctx = questionContext(s);
      s.understanding = ctx ? understand(s.question, ctx) : null;
      s.asking = s.understanding?.kind === 'answer' ? 'answer' : null;
    } else s.asking = null;
  };
  if (!report) {
    s.notice = { kind: 'not-run', step };
    if (step === 'answer') s.answerError = 'the code was not run';
    finish();
    return;
  }
  if (report.ok) {
    if (step === 'lookup') s.lookup = lookupPayload(findResult(report.results, 'lookup')) ?? null;
    else {
      s.answer = answerPayload(findResult(report.results, 'answer')) ?? null;
      if (!s.answer) s.answerError = 'it printed no readable result';
    }
    if (action.reload) s.reloadWorked = true;
    s.needReload = false;
    s.notice = { kind: 'ok', step };
    finish();
    return;
  }
  const lastLine = report.lastLine || `exit code ${report.exitCode}`;
  if (MISSING_STATE.test(report.output) && !action.reload) {
    if (s.reloadWorked) s.alwaysReload = true;
    s.retry = { ...action, reload: true };
    s.notice = { kind: 'retry-reload', step, lastLine, stateLost: true };
    return;
  }
  // No safer form of these: go on without the lookup, or say the answer failed.
  s.needReload = report.stateLost;
  s.notice = { kind: 'skipped', step, lastLine, stateLost: report.stateLost };
  s.skipped.push({ step, reason: `it failed (${lastLine})` });
  if (step === 'answer') s.answerError = lastLine;
  finish();
}

/** Did the conversation answer its (last) question? null when there is no question. */
function verdictOf(s: PlanState): boolean | null {
  if (!s.question) return null;
  if (s.loadError !== null || !s.overview) return false;
  const u = s.understanding;
  if (u?.kind === 'overview') return true;
  if (u?.kind !== 'answer' || !s.answer) return false;
  return answerSentence(u.operation, s.answer).answered;
}
