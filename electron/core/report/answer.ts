// The traced answer in reports: each claim marked in the final answer's prose (its source as
// "[B3:L12]", linked to the output line in HTML, or "⚠ not found"), the unsupported figures
// listed at the top of the answer, "All figures were computed…" only when every one was found.
// Block numbers here are the report's own (every block counts, as in its "Block N" headers).
import type { Element, ElementContent, Root } from 'hast';
import type { Conversation } from '../../model/agent/conversation';
import {
  ALL_SUPPORTED,
  allSupported,
  ClaimMarker,
  markHast,
  markMarkdownSource,
  sourceLabel,
  unsupportedSummary,
} from '../../model/answer/marks';
import { numbersInLine } from '../answer/sources';
import type { AnswerClaim, AnswerTrace } from '../../model/answer/types';
import type { ReportItem } from './common';
import { blockOutput, type ShownOutput } from './steps';

export { ALL_SUPPORTED, unsupportedSummary, allSupported };

/** Two readings of one figure (31,800 and 31800.0; 12.5 % and 0.125). */
function near(found: number, claimed: number): boolean {
  const close = (a: number, b: number) =>
    Math.abs(Math.abs(a) - Math.abs(b)) <= Math.max(1e-9, Math.abs(b) * 0.01);
  return close(found, claimed) || close(found * 100, claimed) || close(found / 100, claimed);
}

/** The traced answer whose final message is `messageId`, if any. */
export function answerOf(conversation: Conversation, messageId: string): AnswerTrace | null {
  const kept = conversation.answers?.[messageId];
  if (kept) return kept;
  return conversation.answer?.messageId === messageId ? conversation.answer : null;
}

/** Where the marks point: report block numbers by message and block index, and the cited output lines. */
export class AnswerMarks {
  private readonly numbers = new Map<string, number>();
  /** Report block number → its output as shown (old machine lines dropped, lines renumbered). */
  private readonly outputs = new Map<number, ShownOutput>();
  /** Report block number → cited lines of its output. */
  readonly cited = new Map<number, Set<number>>();

  constructor(
    readonly conversation: Conversation,
    items: ReportItem[],
  ) {
    for (const item of items) {
      if (item.kind !== 'assistant') continue;
      for (const p of item.parts) {
        if (p.kind !== 'block') continue;
        this.numbers.set(`${item.message.id}:${p.block.index}`, p.number);
        this.outputs.set(p.number, blockOutput(p.block));
      }
    }
    for (const trace of [conversation.answer, ...Object.values(conversation.answers ?? {})]) {
      for (const claim of trace?.claims ?? []) {
        const n = this.blockOf(claim);
        const line = this.lineOf(claim);
        if (n === null || line === null) continue;
        const lines = this.cited.get(n) ?? new Set<number>();
        lines.add(line);
        this.cited.set(n, lines);
      }
    }
  }

  /** The report's number of block `index` of message `messageId`. */
  numberOf(messageId: string, index: number): number | null {
    return this.numbers.get(`${messageId}:${index}`) ?? null;
  }

  /**
   * The line of the shown output a claim cites. Outputs saved by older versions hold machine
   * lines that are not shown; answers traced then counted them, answers traced now do not. When
   * the two readings differ, the line that shows the claimed value wins.
   */
  lineOf(claim: AnswerClaim): number | null {
    const s = claim.source;
    const n = this.blockOf(claim);
    if (s?.kind !== 'output' || n === null) return null;
    const out = this.outputs.get(n);
    const old = out ? out.lineOf(s.line) : s.line;
    if (!out || old === s.line) return s.line;
    const lines = out.text.split('\n');
    const shows = (line: number | null) =>
      line !== null && numbersInLine(lines[line - 1] ?? '').some((f) => near(f.value, claim.value));
    if (shows(s.line) && !shows(old)) return s.line;
    return old ?? s.line;
  }

  /** The report's number of the block a claim comes from. */
  blockOf(claim: AnswerClaim): number | null {
    const s = claim.source;
    return s?.kind === 'output' ? this.numberOf(s.messageId, s.index) : null;
  }

  /** "B3:L12", "file rows", or "⚠ not found". */
  refText(claim: AnswerClaim): string {
    const s = claim.source;
    if (!claim.supported || !s) return '⚠ not found';
    if (s.kind === 'profile') return `file ${s.field}`;
    return `B${this.blockOf(claim) ?? '?'}:L${this.lineOf(claim) ?? s.line}`;
  }

  /** "[B3:L12]", "[file rows]", or "⚠ not found". */
  ref(claim: AnswerClaim): string {
    return claim.supported && claim.source ? `[${this.refText(claim)}]` : this.refText(claim);
  }

  /** "from block 3, line 12" in the report's numbering. */
  title(claim: AnswerClaim): string {
    const s = claim.source;
    if (claim.supported && s?.kind === 'output')
      return `from block ${this.blockOf(claim) ?? '?'}, line ${this.lineOf(claim) ?? s.line}`;
    return sourceLabel(s);
  }

  trace(messageId: string): AnswerTrace | null {
    return answerOf(this.conversation, messageId);
  }
}

export const lineAnchor = (block: number, line: number) => `block-${block}-line-${line}`;

const text = (value: string): ElementContent => ({ type: 'text', value });

/** The HTML mark of one claim: its text, then a superscript reference (linked) or flag. */
function claimElement(marks: AnswerMarks, claim: AnswerClaim, shown: string): Element {
  const block = marks.blockOf(claim);
  const s = claim.source;
  let sup: Element;
  const line = marks.lineOf(claim);
  if (claim.supported && s?.kind === 'output' && block !== null && line !== null) {
    const link: Element = {
      type: 'element',
      tagName: 'a',
      properties: { href: `#${lineAnchor(block, line)}` },
      children: [text(marks.ref(claim))],
    };
    sup = { type: 'element', tagName: 'sup', properties: { className: ['claim-ref'] }, children: [link] };
  } else {
    const cls = claim.supported ? 'claim-ref' : 'claim-flag';
    sup = {
      type: 'element',
      tagName: 'sup',
      properties: { className: [cls] },
      children: [text(marks.ref(claim))],
    };
  }
  return {
    type: 'element',
    tagName: 'span',
    properties: {
      className: ['claim', claim.supported ? 'supported' : 'unsupported'],
      title: marks.title(claim),
    },
    children: [text(shown), sup],
  };
}

/** Marks a final answer's prose parts, in order (one per rendering of the message). */
export function htmlMarker(marks: AnswerMarks, trace: AnswerTrace): (tree: Root) => void {
  const marker = new ClaimMarker(trace.claims);
  return (tree) =>
    markHast(tree, trace.claims, (claim, _i, shown) => claimElement(marks, claim, shown), marker);
}

/** The same for Markdown sources: " \[B3:L12\]" or " \[⚠ not found\]" after each claim. */
export function markdownMarker(marks: AnswerMarks, trace: AnswerTrace): (markdown: string) => string {
  const marker = new ClaimMarker(trace.claims);
  return (markdown) =>
    markMarkdownSource(markdown, trace.claims, (claim) => ` \\[${marks.refText(claim)}\\]`, marker);
}

/** For formats without the prose marks (notebook, script): every figure with its source, then the verdict. */
export function answerCheckLines(marks: AnswerMarks, trace: AnswerTrace): string[] {
  if (trace.claims.length === 0) return [];
  const out = [`Figures in this answer: ${trace.claims.map((c) => `${c.text} ${marks.ref(c)}`).join(' · ')}`];
  out.push(unsupportedSummary(trace) ?? (allSupported(trace) ? ALL_SUPPORTED : ''));
  return out.filter(Boolean);
}
