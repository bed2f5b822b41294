/**
 * The answer's prose as the reader sees it: its Markdown parsed (CommonMark + GFM, as the app
 * and the reports render it) and its text nodes joined, with code (blocks and spans), raw HTML,
 * images and struck-out text left out. Escapes are resolved ("\$1,200" reads "$1,200"). Each
 * text node is kept as a piece, in document order, so a claim can be found again in any
 * rendering of the same Markdown (`marks.ts`). Pure.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export interface TextPiece {
  value: string;
  /** Where the piece starts in `plain`. */
  at: number;
}

export interface PlainText {
  plain: string;
  pieces: TextPiece[];
}

/** Stands for what is left out inline (a code span, an image): it joins nothing to a number. */
export const GAP = '\u0001';

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'listItem',
  'blockquote',
  'list',
  'table',
  'tableRow',
  'thematicBreak',
]);
/** Not prose: skipped with everything inside. */
const SKIPPED = new Set(['code', 'definition', 'footnoteDefinition', 'yaml', 'math']);
/** Inline things that are not (stated) text, skipped with everything inside: a gap. */
const GAPS = new Set([
  'inlineCode',
  'html',
  'image',
  'imageReference',
  'footnoteReference',
  'inlineMath',
  'delete',
]);

export function parseAnswerMarkdown(markdown: string) {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The prose of `markdown` as text, and its text nodes. */
export function plainText(markdown: string): PlainText {
  let plain = '';
  const pieces: TextPiece[] = [];
  const visit = (node: Nodes): void => {
    if (SKIPPED.has(node.type)) {
      plain += '\n';
      return;
    }
    if (GAPS.has(node.type)) {
      plain += GAP;
      return;
    }
    if (node.type === 'text') {
      pieces.push({ value: node.value, at: plain.length });
      plain += node.value;
      return;
    }
    if (node.type === 'break') {
      plain += '\n';
      return;
    }
    if (node.type === 'tableCell') plain += '| ';
    if ('children' in node) for (const child of node.children) visit(child);
    if (node.type === 'tableCell') plain += ' ';
    if (BLOCKS.has(node.type)) plain += '\n';
  };
  visit(parseAnswerMarkdown(markdown));
  return { plain, pieces };
}

/**
 * Where `needle` (a claim's text) occurs in `hay` from `from` as a whole number: not glued to
 * digits, letters or another group of digits ("26,700" is not found in "126,700" nor in
 * "26,7001"). -1 when it does not.
 */
export function findNumber(hay: string, needle: string, from = 0): number {
  if (!needle) return -1;
  const digitAt = (i: number) => /\d/.test(hay[i] ?? '');
  const startsWithDigit = /^[\d.]/.test(needle);
  const endsWithDigit = /\d$/.test(needle);
  for (let i = hay.indexOf(needle, from); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const before = hay[i - 1] ?? '';
    const j = i + needle.length;
    const after = hay[j] ?? '';
    const badBefore =
      startsWithDigit &&
      (/[\p{L}\p{N}_]/u.test(before) || (/[.,'\u2019\u00a0\u202f\u2009]/.test(before) && digitAt(i - 2)));
    const badAfter =
      endsWithDigit && (digitAt(j) || (/[.,'\u2019\u00a0\u202f\u2009]/.test(after) && digitAt(j + 1)));
    if (!badBefore && !badAfter) return i;
  }
  return -1;
}
