// What the answer card at the top of an analysis says (pure: tested without a DOM).
import type { Conversation } from '../../../electron/model/agent/conversation';
import type { AnswerClaim } from '../../../electron/model/answer/types';
import { formatNumber } from '../../../electron/model/text/numbers';
import { withoutTerminate } from '../../../electron/model/agent/terminate';

/**
 * The answer sentences of a final message: what comes before its first heading (a summary
 * follows there); when it opens with a heading such as "## Summary", the rest without that
 * heading. Cutting only the end, or a heading without numbers, keeps every claim mark in place
 * (claims are found by their occurrence counted from the start).
 */
export function answerSentences(content: string): string {
  const text = withoutTerminate(content).trim();
  const heading = text.search(/^ {0,3}#{1,6}\s/m);
  if (heading > 0 && text.slice(0, heading).trim()) return text.slice(0, heading).trim();
  if (heading === 0) return text.replace(/^ {0,3}#{1,6}\s+[^\d\n]*(?:\n+|$)/, '').trim();
  return text;
}

/** A key figure in the UI's own formatting, keeping its currency sign or percent: "$26,700", "12.5%". */
export function figureText(claim: AnswerClaim): string {
  const prefix = /^[^\d.\-−+]*/.exec(claim.text)?.[0]?.trim() ?? '';
  const percent = /%\s*$/.test(claim.text);
  const negative = claim.value < 0 && !/^[-−]/.test(prefix);
  const body = formatNumber(Math.abs(claim.value));
  return `${negative ? '−' : ''}${prefix}${body}${percent ? '%' : ''}`;
}

export type CardKind = 'answer' | 'not-answered' | 'stopped' | 'failed' | 'limit' | 'none';

/** Whether the analysis shows an answer card, and which: only once a run is over. */
export function cardKind(c: Conversation, hasAnswerText: boolean): CardKind {
  if (c.status === 'running' || c.status === 'awaiting-approval') return 'none';
  if (!c.messages.some((m) => m.role === 'assistant')) return 'none';
  if (hasAnswerText && c.answer?.answered) return 'answer';
  if (c.stopReason === 'cancelled') return 'stopped';
  if (c.stopReason === 'error') return 'failed';
  if (c.stopReason === 'max-turns') return 'limit';
  if (hasAnswerText && c.answer) return 'not-answered';
  // an older conversation (no traced answer) or one that ended without a reply
  return c.answer === undefined ? 'none' : 'not-answered';
}

/** The card's heading when there is no answer: plain words, no "Answer" label. */
export function noAnswerHeading(kind: CardKind, c: Conversation): string {
  switch (kind) {
    case 'stopped':
      return 'No answer: the analysis was stopped before it answered.';
    case 'failed':
      return `No answer: the analysis failed${c.error ? ` (${c.error.replace(/[.\s]+$/, '')})` : ''}.`;
    case 'limit':
      return `No answer: the analysis reached its limit of ${c.settings.maxTurns} replies first.`;
    default:
      return 'No answer: the analyst did not answer the question.';
  }
}

export interface FigureCaption {
  before: string;
  match: string;
  after: string;
}

const NUMBER_TOKEN = /[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/gi;
/** Text kept before the figure in its caption, so the figure itself stays in view. */
const LEAD = 14;

/** What comes before the figure: whole when short, else the line's first word (its row label) and "…". */
function lead(head: string): string {
  if (head.length <= LEAD) return head;
  const label = /^\s*([^\s\d.,:;=()-][^\s]*)/.exec(head)?.[1];
  return label && label.length <= LEAD ? `${label} … ` : '… ';
}

/**
 * The output line of a key figure with the number that shows it picked out (the first one equal
 * to the figure, allowing for the answer's rounding), and what comes before it shortened; null
 * when no number of the line matches.
 */
export function figureCaption(line: string, value: number): FigureCaption | null {
  for (const m of line.matchAll(NUMBER_TOKEN)) {
    const n = Number(m[0].replace(/,/g, '').replace('−', '-'));
    if (!Number.isFinite(n) || Math.abs(n - value) > Math.max(1e-9, Math.abs(value) * 0.005)) continue;
    const at = m.index ?? 0;
    const head = line.slice(0, at);
    return {
      before: lead(head),
      match: m[0],
      after: line.slice(at + m[0].length),
    };
  }
  return null;
}
