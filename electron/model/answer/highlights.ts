/**
 * What leads an analysis, in the app's answer card and at the top of every report: the question,
 * the traced answer, its key figures (supported claims with the output line that shows each) and
 * the main chart. Pure and Node-free; the renderer and the reports use the same selection.
 */
import type { Conversation, UserMessage } from '../agent/conversation';
import type { ChartSpec } from '../charts/spec';
import { visibleOutput } from '../exec/visible-output';
import type { AnswerClaim, AnswerTrace, OutputSource } from './types';

export interface KeyFigure {
  claim: AnswerClaim;
  source: OutputSource;
  /** The output line that shows it, trimmed (≤ 120 characters). */
  line: string;
}

export interface MainChart {
  /** The assistant message and block (index among the message's blocks) that drew it. */
  messageId: string;
  index: number;
  /** Position among that block's charts. */
  chart: number;
  spec: ChartSpec;
}

export interface AnswerHighlights {
  question: string | null;
  answer: AnswerTrace;
  figures: KeyFigure[];
  chart: MainChart | null;
}

const MAX_FIGURES = 4;
const MAX_LINE = 120;

/** The question the answer replies to: the last user message before the answer's message. */
function questionFor(conv: Conversation, answer: AnswerTrace): UserMessage | null {
  let last: UserMessage | null = null;
  for (const m of conv.messages) {
    if (m.id === answer.messageId) break;
    if (m.role === 'user') last = m;
  }
  return last ?? conv.messages.find((m): m is UserMessage => m.role === 'user') ?? null;
}

function outputLine(conv: Conversation, source: OutputSource): string | null {
  const m = conv.messages.find((x) => x.id === source.messageId);
  if (!m || m.role !== 'assistant') return null;
  const text = m.blocks.find((b) => b.index === source.index)?.result?.output;
  const lines = visibleOutput(text ?? '').split('\n');
  const line = lines[source.line - 1]?.replace(/\s+/g, ' ').trim();
  if (!line) return null;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/** The charts of the conversation's executed blocks in order, up to the answer's message. */
function chartsBefore(conv: Conversation, answer: AnswerTrace): MainChart[] {
  const out: MainChart[] = [];
  for (const m of conv.messages) {
    if (m.role === 'assistant') {
      for (const b of m.blocks) {
        (b.result?.charts ?? []).forEach((spec, chart) =>
          out.push({ messageId: m.id, index: b.index, chart, spec }),
        );
      }
    }
    if (m.id === answer.messageId) break;
  }
  return out;
}

/** The chart whose axis and series names the answer mentions most (the latest of equals), if any. */
function mentioned(charts: MainChart[], text: string): MainChart | undefined {
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  let best: MainChart | undefined;
  let score = 0;
  for (const c of charts) {
    const names = [c.spec.x, ...c.spec.series.map((s) => s.key)].map((n) => n.toLowerCase());
    const n = names.filter((name) => words.has(name)).length;
    if (n > 0 && n >= score) [best, score] = [c, n];
  }
  return best;
}

/**
 * The highlights of the conversation's latest traced answer (null before a run has answered).
 * Key figures: the supported claims that came from an output line, one per value, in the
 * answer's order, one per output line where the answer allows, leaving out the file's row and
 * column counts. Main chart: a chart of the block most of those figures came from, else the
 * chart whose names the answer mentions most, else the last chart drawn before the answer.
 */
export function answerHighlights(conv: Conversation, answer = conv.answer ?? null): AnswerHighlights | null {
  if (!answer || !answer.messageId || !answer.text.trim()) return null;
  const figures: KeyFigure[] = [];
  // the file's own shape (rows, columns) is context, not a finding
  const seen = new Set<number>(
    [conv.file?.rows, conv.file?.columns].filter((n): n is number => typeof n === 'number'),
  );
  const candidates: KeyFigure[] = [];
  for (const claim of answer.claims) {
    if (!claim.supported || claim.source?.kind !== 'output' || seen.has(claim.value)) continue;
    const line = outputLine(conv, claim.source);
    if (line === null) continue;
    seen.add(claim.value);
    candidates.push({ claim, source: claim.source, line });
  }
  // one figure per output line first (a describe() line holds four numbers), then the rest
  const lineOf = (f: KeyFigure) => `${f.source.messageId}#${f.source.index}#${f.source.line}`;
  const lines = new Set<string>();
  const chosen = new Set<KeyFigure>();
  for (const f of candidates) {
    if (chosen.size < MAX_FIGURES && !lines.has(lineOf(f))) {
      lines.add(lineOf(f));
      chosen.add(f);
    }
  }
  for (const f of candidates) if (chosen.size < MAX_FIGURES) chosen.add(f);
  figures.push(...candidates.filter((f) => chosen.has(f)));
  const charts = chartsBefore(conv, answer);
  const votes = new Map<string, number>();
  for (const f of figures) {
    const key = `${f.source.messageId}#${f.source.index}`;
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const chart =
    ranked
      .map((key) => charts.find((c) => `${c.messageId}#${c.index}` === key))
      .find((c) => c !== undefined) ??
    mentioned(charts, answer.text) ??
    charts[charts.length - 1] ??
    null;
  return { question: questionFor(conv, answer)?.content ?? null, answer, figures, chart };
}
