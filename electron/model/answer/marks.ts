/**
 * Putting a trace's marks back on the answer wherever it is shown: the app (a rehype tree), the
 * HTML report (a hast tree), the Markdown report (its source). Every view walks the same text
 * nodes as the tracer (plain.ts) and counts occurrences with the same `findNumber`, so a claim
 * is marked exactly where it was found. Also the sentences that go with the marks. Pure.
 */
import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import type { Nodes } from 'mdast';
import { findNumber, parseAnswerMarkdown } from './plain';
import type { AnswerClaim, AnswerTrace, ClaimSource } from './types';

export interface MarkSegment {
  text: string;
  /** Index of the claim in the trace's claims; absent for unmarked text. */
  claim?: number;
}

/** Cuts text nodes, in document order, into unmarked and marked segments. Stateful: one per rendering. */
export class ClaimMarker {
  private readonly counts = new Map<string, number>();
  private readonly wanted = new Map<string, Map<number, number>>();

  constructor(readonly claims: readonly AnswerClaim[]) {
    claims.forEach((c, i) => {
      if (c.occurrence === null || !c.text) return;
      const byOccurrence = this.wanted.get(c.text) ?? new Map<number, number>();
      byOccurrence.set(c.occurrence, i);
      this.wanted.set(c.text, byOccurrence);
    });
  }

  segments(value: string): MarkSegment[] {
    const found: { at: number; length: number; claim: number }[] = [];
    for (const [text, byOccurrence] of this.wanted) {
      for (let k = findNumber(value, text); k >= 0; k = findNumber(value, text, k + 1)) {
        const n = this.counts.get(text) ?? 0;
        this.counts.set(text, n + 1);
        const claim = byOccurrence.get(n);
        if (claim !== undefined) found.push({ at: k, length: text.length, claim });
      }
    }
    if (found.length === 0) return [{ text: value }];
    found.sort((a, b) => a.at - b.at);
    const out: MarkSegment[] = [];
    let cursor = 0;
    for (const f of found) {
      if (f.at < cursor) continue;
      if (f.at > cursor) out.push({ text: value.slice(cursor, f.at) });
      out.push({ text: value.slice(f.at, f.at + f.length), claim: f.claim });
      cursor = f.at + f.length;
    }
    if (cursor < value.length) out.push({ text: value.slice(cursor) });
    return out;
  }
}

/** hast elements whose text is not prose (the tracer skips the same in Markdown). */
const SKIP_ELEMENTS = new Set(['pre', 'code', 'del', 's', 'script', 'style']);

/**
 * Wraps each claim's text in the hast tree (in place) with the element `make` returns. Text in
 * code, preformatted and struck-out elements is left alone.
 */
export function markHast(
  tree: HastRoot | Element,
  claims: readonly AnswerClaim[],
  make: (claim: AnswerClaim, index: number, text: string) => Element,
  marker = new ClaimMarker(claims),
): void {
  const children = tree.children as ElementContent[];
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === 'text') {
      for (const seg of marker.segments(child.value)) {
        if (seg.claim === undefined) out.push({ type: 'text', value: seg.text } satisfies Text);
        else out.push(make(claims[seg.claim]!, seg.claim, seg.text));
      }
      continue;
    }
    if (child.type === 'element' && !SKIP_ELEMENTS.has(child.tagName)) markHast(child, claims, make, marker);
    out.push(child);
  }
  (tree as { children: ElementContent[] }).children = out;
}

const SKIPPED_MD = new Set([
  'code',
  'delete',
  'definition',
  'footnoteDefinition',
  'yaml',
  'math',
  'inlineCode',
  'html',
]);

/**
 * The Markdown source with `render(claim)` inserted right after each claim (the same walk as
 * the tracer's). A text node whose source differs from its text (escapes) gets its marks after it.
 */
export function markMarkdownSource(
  markdown: string,
  claims: readonly AnswerClaim[],
  render: (claim: AnswerClaim, index: number) => string,
  marker = new ClaimMarker(claims),
): string {
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: Nodes): void => {
    if (SKIPPED_MD.has(node.type)) return;
    if (node.type === 'text') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      let offset = 0;
      for (const seg of marker.segments(node.value)) {
        offset += seg.text.length;
        if (seg.claim === undefined || start === undefined || end === undefined) continue;
        const source = markdown.slice(start, end);
        const at = source === node.value ? start + offset : end;
        inserts.push({ at, text: render(claims[seg.claim]!, seg.claim) });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(parseAnswerMarkdown(markdown));
  let out = markdown;
  for (const ins of inserts.sort((a, b) => b.at - a.at))
    out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return out;
}

/** "from block 2, line 3"; "the file's row count". */
export function sourceLabel(source: ClaimSource | null): string {
  if (!source) return 'not found in any output';
  if (source.kind === 'profile')
    return `from the file: its ${source.field === 'rows' ? 'row' : 'column'} count`;
  return `from block ${source.block}, line ${source.line}`;
}

/** "[B2:L3]", "[file rows]". */
export function sourceRef(source: ClaimSource): string {
  return source.kind === 'profile' ? `[file ${source.field}]` : `[B${source.block}:L${source.line}]`;
}

export const ALL_SUPPORTED = 'All figures were computed by the code in this conversation.';

/** True when the answer states at least one figure and every one was found. */
export function allSupported(trace: AnswerTrace | null | undefined): boolean {
  return !!trace && trace.claims.length > 0 && trace.claims.every((c) => c.supported);
}

export function unsupportedClaims(trace: AnswerTrace | null | undefined): AnswerClaim[] {
  return trace?.claims.filter((c) => !c.supported) ?? [];
}

/** "2 figures in this answer were not found in any output: $26,700 and 4.5%." (null when none). */
export function unsupportedSummary(trace: AnswerTrace | null | undefined): string | null {
  const missing = unsupportedClaims(trace).map((c) => c.text);
  if (missing.length === 0) return null;
  const list =
    missing.length === 1
      ? missing[0]
      : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  return missing.length === 1
    ? `1 figure in this answer was not found in any output: ${list}.`
    : `${missing.length} figures in this answer were not found in any output: ${list}.`;
}
