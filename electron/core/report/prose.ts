// The assistant's Markdown, made safe for reports. HTML: parsed (CommonMark + GFM), raw HTML
// turned into visible text, links reduced to their text and images to "[image: alt]" (a report
// makes no requests and has no outgoing links), then serialised by hast-util-to-html.
// Markdown and notebook cells: the same source with raw HTML escaped, images as "[image: alt]"
// text and links as their text followed by the address in a code span (visible, never live), so
// a viewer fetches nothing the model named (`![x](http://host/?total=…)` would tell a server the
// data). Only the figures the app itself writes next to the report stay images.
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toHast } from 'mdast-util-to-hast';
import { gfm } from 'micromark-extension-gfm';

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('alt' in node && typeof node.alt === 'string') return node.alt;
  if ('children' in node) return node.children.map((c) => plainText(c)).join('');
  return '';
}

/** Replaces what could load, run or link to something with plain text, in place. */
function neutralise(parent: Parents): void {
  const out: RootContent[] = [];
  const flow = FLOW_PARENTS.has(parent.type);
  for (const child of parent.children as RootContent[]) {
    switch (child.type) {
      case 'html': {
        const text: RootContent = { type: 'text', value: child.value };
        out.push(flow ? { type: 'paragraph', children: [{ type: 'text', value: child.value }] } : text);
        break;
      }
      case 'link':
      case 'linkReference':
        neutralise(child);
        out.push(...(child.children as RootContent[]));
        break;
      case 'image':
      case 'imageReference': {
        const alt = plainText(child).trim();
        out.push({ type: 'text', value: alt ? `[image: ${alt}]` : '[image]' });
        break;
      }
      case 'definition':
        break;
      default:
        if ('children' in child) neutralise(child);
        out.push(child);
    }
  }
  (parent as { children: RootContent[] }).children = out;
}

/**
 * Markdown → an HTML fragment with no raw HTML, no links and no images. `mark` may then add
 * elements of its own to the tree (the answer's claim marks, report/answer.ts).
 */
export function markdownToSafeHtml(markdown: string, mark?: (tree: HastRoot) => void): string {
  const tree = parseMarkdown(markdown);
  neutralise(tree);
  const hast = toHast(tree) as HastRoot;
  mark?.(hast);
  return toHtml(hast);
}

/** The same Markdown with every raw HTML tag shown as text (`<b>` becomes `&lt;b>`). */
export function escapeRawHtml(markdown: string): string {
  const ranges: [number, number][] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'html') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) ranges.push([start, end]);
    } else if ('children' in node) node.children.forEach((c) => visit(c));
  };
  visit(parseMarkdown(markdown));
  let out = markdown;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + out.slice(start, end).replace(/</g, '&lt;') + out.slice(end);
  }
  return out;
}

/** Inline Markdown text, shown literally: punctuation escaped, on one line. */
function literal(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&!]/g, (c) => `\\${c}`);
}

/** A code span holding `text` whatever backticks it contains (and no table pipe). */
function codeSpan(text: string): string {
  const value = text.replace(/\s+/g, ' ').replace(/\|/g, '%7C');
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** What GFM would turn into a link by itself: bare addresses and e-mail addresses. */
const ADDRESS = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>`]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/** Text shown as it is, any address in it as code (never a link). */
function inert(text: string, escape: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ADDRESS)) {
    out += escape(text.slice(last, m.index)) + codeSpan(m[0]);
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

const LIVE = new Set(['html', 'image', 'imageReference', 'link', 'linkReference', 'definition']);

function neutraliseOnce(markdown: string): { text: string; changed: boolean } {
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: Nodes) => {
    if (!LIVE.has(node.type)) {
      if ('children' in node) node.children.forEach((c) => visit(c));
      return;
    }
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const source = markdown.slice(start, end);
    const label = plainText(node).trim();
    let text = '';
    if (node.type === 'html') text = inert(source, (s) => s.replace(/</g, '&lt;'));
    else if (node.type === 'image' || node.type === 'imageReference')
      text = inert(label ? `[image: ${label}]` : '[image]', literal);
    else if (node.type === 'link' && !source.startsWith('['))
      text = codeSpan(source.replace(/^<|>$/g, '')); // an autolink: the address, as code
    else if (node.type === 'link') text = `${inert(label || 'link', literal)} (${codeSpan(node.url)})`;
    else if (node.type === 'linkReference') text = inert(label || 'link', literal);
    edits.push({ start, end, text });
  };
  visit(parseMarkdown(markdown));
  let text = markdown;
  for (const e of edits.sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, changed: edits.length > 0 };
}

/**
 * The Markdown source with raw HTML escaped, images turned into "[image: alt]" text, links into
 * their text plus their address as code, bare addresses into code, and link definitions
 * removed: nothing a viewer would load or follow. Code blocks and code spans stay as they were.
 * Done again on its own result until nothing live is left (an edit could form a new link).
 */
export function neutraliseMarkdown(markdown: string): string {
  let text = markdown;
  for (let i = 0; i < 4; i++) {
    const once = neutraliseOnce(text);
    if (!once.changed) return text;
    text = once.text;
  }
  // still something live after four rounds: give it as plain text, nothing of it can load
  return fencedText(text);
}

function fencedText(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}
