// What a report leads with, the same in every format: the question, the answer (traced, or an
// older untraced final reply, or a plain "No answer: …" line saying why), its key figures and
// its main chart.
import type { AssistantMessage, Conversation, UserMessage } from '../../model/agent/conversation';
import { answerHighlights } from '../../model/answer/highlights';
import { finalAnswerMessage } from '../answer/trace';
import type { AnswerTrace } from '../../model/answer/types';
import type { ChartSpec } from '../../model/charts/spec';
import { formatNumber } from '../../model/text/numbers';
import type { AnswerMarks } from './answer';
import type { ReportItem } from './common';
import { blockOutput, type Step } from './steps';

export interface LeadFigure {
  /** As the answer states it; a bare number formatted for people ("212,135,200"). */
  value: string;
  /** The report's step (block) number and the line of its shown output. */
  step: number;
  line: number;
  /** That output line, trimmed. */
  text: string;
}

export interface ReportLead {
  question: string | null;
  /** The message of that question (the appendix leaves it out: it is at the top). */
  questionMessage: UserMessage | null;
  /** The final reply's item, when there is one to show. */
  item: Extract<ReportItem, { kind: 'assistant' }> | null;
  /** Its traced answer (null: an older conversation, never traced). */
  trace: AnswerTrace | null;
  /** One plain line when there is no answer ("No answer: the analysis was stopped after step 2."). */
  noAnswer: string | null;
  /** A note under the answer: not traced, or not an answer to the question. */
  note: string | null;
  figures: LeadFigure[];
  chart: { spec: ChartSpec; step: number } | null;
}

/** "12,500" for a bare number ("12500", "9110.0"); anything with a unit or sign stays as stated. */
function figureValue(text: string, value: number): string {
  return /^\d+(?:\.\d+)?$/.test(text.trim()) ? formatNumber(value) : text;
}

const clip = (line: string) => (line.length > 120 ? `${line.slice(0, 119)}…` : line);

/** The last step that ran (has a result): its number, or 0. */
function lastRun(steps: Step[]): number {
  return steps.reduce((n, s) => (s.block.result ? s.number : n), 0);
}

/** Why there is no answer, in one plain line. */
export function noAnswerLine(c: Conversation, steps: Step[]): string {
  const n = lastRun(steps);
  const after = n ? `after step ${n}` : 'before any step ran';
  if (c.status === 'running' || c.status === 'awaiting-approval')
    return `No answer yet: the analysis was still running when this report was made (${n ? `${n} step${n === 1 ? '' : 's'} so far` : 'no step had run'}).`;
  switch (c.stopReason) {
    case 'cancelled':
      return `No answer: the analysis was stopped ${after}.`;
    case 'error':
      return `No answer: the analysis failed ${after}${c.error ? ` (${c.error.replace(/\.$/, '')})` : ''}.`;
    case 'max-turns':
      return `No answer: the analysis reached its limit of ${c.settings.maxTurns} automatic replies ${after}.`;
    case 'terminated':
      return `No answer: the analysis ended ${after} without a final reply.`;
    default:
      return c.messages.some((m) => m.role === 'assistant')
        ? `No answer: the analysis ended ${after} without a final reply.`
        : 'No answer: nothing has been analysed yet.';
  }
}

function itemOf(items: ReportItem[], message: AssistantMessage | null | undefined) {
  if (!message) return null;
  const item = items.find((i) => i.kind === 'assistant' && i.message.id === message.id);
  return item?.kind === 'assistant' ? item : null;
}

/** A first heading that only repeats what the report's "Answer" heading says. */
const PLAIN_HEADING =
  /^#{1,6}[ \t]+(?:summary|answer|conclusions?|results?|findings)[ \t]*:?[ \t]*#*[ \t]*(?:\n+|$)/i;

/** The final reply's prose, without its code blocks (they are steps) or a plain "Summary" heading. */
export function leadProse(lead: ReportLead): string[] {
  const prose = (lead.item?.parts ?? []).flatMap((p) => (p.kind === 'prose' ? [p.text] : []));
  if (prose[0]) prose[0] = prose[0].replace(PLAIN_HEADING, '');
  return prose.filter((t) => t.trim());
}

/** The last question before `messageId` (before the end without one). */
function questionBefore(c: Conversation, messageId: string | null): UserMessage | null {
  let last: UserMessage | null = null;
  for (const m of c.messages) {
    if (m.id === messageId) break;
    if (m.role === 'user') last = m;
  }
  return last;
}

export function reportLead(
  c: Conversation,
  items: ReportItem[],
  steps: Step[],
  marks: AnswerMarks,
): ReportLead {
  const asked = (messageId: string | null) => {
    const message = questionBefore(c, messageId);
    return { question: message?.content ?? null, questionMessage: message };
  };
  const empty = { figures: [], chart: null, note: null };
  const highlights = answerHighlights(c);
  if (highlights) {
    const message = c.messages.find((m) => m.id === highlights.answer.messageId);
    const item = itemOf(items, message?.role === 'assistant' ? message : null);
    if (item) {
      const stepOf = (messageId: string, index: number) => marks.numberOf(messageId, index);
      const figures: LeadFigure[] = [];
      for (const f of highlights.figures) {
        const step = stepOf(f.source.messageId, f.source.index);
        const s = steps.find((x) => x.number === step);
        const line = marks.lineOf(f.claim);
        if (step === null || line === null || !s) continue;
        const text = blockOutput(s.block).text.split('\n')[line - 1]?.replace(/\s+/g, ' ').trim() || f.line;
        figures.push({ value: figureValue(f.claim.text, f.claim.value), step, line, text: clip(text) });
      }
      const chartStep = highlights.chart ? stepOf(highlights.chart.messageId, highlights.chart.index) : null;
      return {
        ...asked(item.message.id),
        item,
        trace: highlights.answer,
        noAnswer: null,
        note: highlights.answer.answered ? null : 'The analyst says this reply does not answer the question.',
        figures,
        chart:
          highlights.chart && chartStep !== null ? { spec: highlights.chart.spec, step: chartStep } : null,
      };
    }
  }
  // Saved before answers were traced: the final reply, shown as it is, with a note.
  const final = c.answer === undefined && c.stopReason === 'terminated' ? finalAnswerMessage(c) : null;
  const item = final && final.blocks.length === 0 ? itemOf(items, final) : null;
  if (item && item.parts.some((p) => p.kind === 'prose'))
    return {
      ...asked(item.message.id),
      item,
      trace: null,
      noAnswer: null,
      ...empty,
      note: 'The figures of this answer were not checked against the outputs: the conversation was saved before Plotwright traced answers.',
    };
  return { ...asked(null), item: null, trace: null, noAnswer: noAnswerLine(c, steps), ...empty };
}
