/**
 * Tracing a run's answer: the final assistant message's numbers, each checked against the
 * outputs of every executed block of the conversation, the question (a number the question
 * states is not a claim) and the file profile (its row and column counts). Pure.
 */
import type { AssistantMessage, Conversation } from '../../model/agent/conversation';
import { extractCodeBlocks } from '../exec/extract';
import { mentionedValues, statedNumbers, type StatedNumber } from './claims';
import { findNumber, plainText, type TextPiece } from '../../model/answer/plain';
import { LineIndex, matches, outputLines, type SourceLine } from './sources';
import type { AnswerClaim, AnswerTrace, ClaimSource } from '../../model/answer/types';
import { withoutTerminate } from '../../model/agent/terminate';

/** The run's final answer: the last assistant message after the last question. */
export function finalAnswerMessage(conversation: Conversation): AssistantMessage | null {
  const messages = conversation.messages;
  let question = -1;
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]!.role === 'user') {
      question = i;
      break;
    }
  for (let i = messages.length - 1; i > question; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant') return m;
  }
  return null;
}

/** A message's text without its code blocks and without TERMINATE. */
export function answerText(content: string): string {
  const text = content.replace(/\r\n?/g, '\n');
  let out = '';
  let cursor = 0;
  for (const block of extractCodeBlocks(text)) {
    out += text.slice(cursor, block.start);
    cursor = block.end;
  }
  out += text.slice(cursor);
  return withoutTerminate(out)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const STOP = new Set(
  'the and for was were are with from that this than over under into per its their has have had about which while'.split(
    ' ',
  ),
);

const wordsIn = (text: string) =>
  (text.toLowerCase().match(/\p{L}[\p{L}\p{N}_-]{2,}/gu) ?? []).filter((w) => !STOP.has(w));

/** Words around a claim on its line: near (up to the claims before and after it), and farther before. */
interface Context {
  near: string[];
  far: string[];
  /** The claims before and after it on the same line: a table row shows them together. */
  neighbours: StatedNumber[];
}

function contextOf(plain: string, claims: StatedNumber[], k: number): Context {
  const claim = claims[k]!;
  const lineStart = plain.lastIndexOf('\n', claim.start - 1) + 1;
  const nl = plain.indexOf('\n', claim.end);
  const lineEnd = nl < 0 ? plain.length : nl;
  const from = Math.max(lineStart, claim.start - 60);
  const prevEnd = Math.max(from, claims[k - 1]?.end ?? 0);
  const nextStart = Math.min(lineEnd, claim.end + 30, claims[k + 1]?.start ?? Infinity);
  // the clause the number is in: back to the last ; or (, on to the next , ; ( or )
  const before = plain.slice(prevEnd, claim.start).split(/[;(]/).pop()!;
  const after = plain.slice(claim.end, Math.max(claim.end, nextStart)).split(/[,;()]/)[0]!;
  const near = wordsIn(`${before} ${after}`);
  const far = wordsIn(plain.slice(from, claim.start)).filter((w) => !near.includes(w));
  const neighbours = [claims[k - 1], claims[k + 1]].filter(
    (c): c is StatedNumber => !!c && c.end >= lineStart && c.start <= lineEnd,
  );
  return { near: [...new Set(near)], far: [...new Set(far)], neighbours };
}

/**
 * The output line that best shows the claim: the most words of its context, a number read as
 * written and at least as precise, a readable line; then the latest block, then the first line.
 */
function bestSource(claim: StatedNumber, context: Context, index: LineIndex): SourceLine | null {
  let best: SourceLine | null = null;
  let bestScore = -Infinity;
  for (const i of index.linesFor(claim)) {
    const line = index.lines[i]!;
    const found = line.numbers.filter((n) => matches(claim, n));
    if (found.length === 0) continue;
    const score =
      context.near.filter((w) => line.words.includes(w)).length * 4 +
      context.far.filter((w) => line.words.includes(w)).length +
      (found.some((n) => n.primary) ? 2 : 0) +
      (found.some((n) => n.step <= claim.step) ? 1 : 0) +
      context.neighbours.filter((c) => line.numbers.some((n) => matches(c, n))).length * 3;
    if (score > bestScore || (score === bestScore && best && line.block > best.block)) {
      best = line;
      bestScore = score;
    }
  }
  return best;
}

function profileSource(claim: StatedNumber, conversation: Conversation): ClaimSource | null {
  const file = conversation.file;
  if (!file || claim.percent || claim.step !== 1) return null;
  const value = Math.abs(claim.value);
  if (value === file.rows) return { kind: 'profile', field: 'rows' };
  if (value === file.columns) return { kind: 'profile', field: 'columns' };
  return null;
}

/** Which occurrence of the claim's text (among the text nodes, by `findNumber`) it is. */
function occurrenceOf(claim: StatedNumber, pieces: TextPiece[]): number | null {
  let count = 0;
  for (const piece of pieces) {
    for (
      let k = findNumber(piece.value, claim.text);
      k >= 0;
      k = findNumber(piece.value, claim.text, k + 1)
    ) {
      if (piece.at + k === claim.start) return count;
      count++;
    }
  }
  return null;
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The claims of a message's prose, each supported (with its source) or not. */
export function traceClaims(conversation: Conversation, content: string): AnswerClaim[] {
  const { plain, pieces } = plainText(content);
  const asked = conversation.messages.flatMap((m) => (m.role === 'user' ? mentionedValues(m.content) : []));
  const stated = statedNumbers(plain).filter((c) => !asked.some((v) => sameValue(Math.abs(c.value), v)));
  const index = new LineIndex(outputLines(conversation));
  return stated.map((claim, k) => {
    const line = bestSource(claim, contextOf(plain, stated, k), index);
    const source: ClaimSource | null = line
      ? { kind: 'output', block: line.block, line: line.line, messageId: line.messageId, index: line.index }
      : profileSource(claim, conversation);
    return {
      text: claim.text,
      value: claim.value,
      supported: source !== null,
      source,
      occurrence: occurrenceOf(claim, pieces),
    };
  });
}

/**
 * The trace of the run's final answer (`messageId`, default: the last assistant message after
 * the last question). `answered` is decided by the caller (the engine: the model's verdict, or
 * a normal end with an answer).
 */
export function traceAnswer(
  conversation: Conversation,
  opts: { answered: boolean; messageId?: string | null },
): AnswerTrace {
  const message =
    opts.messageId === undefined
      ? finalAnswerMessage(conversation)
      : (conversation.messages.find(
          (m): m is AssistantMessage => m.id === opts.messageId && m.role === 'assistant',
        ) ?? null);
  if (!message) return { messageId: null, text: '', answered: false, claims: [] };
  return {
    messageId: message.id,
    text: answerText(message.content),
    answered: opts.answered,
    claims: traceClaims(conversation, message.content),
  };
}
