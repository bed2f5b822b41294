// The assistant's Markdown, made safe for reports. HTML: parsed (CommonMark + GFM), raw HTML
// turned into visible text, links reduced to their text and images to "[image: alt]" (a report
// makes no requests and has no outgoing links), then serialised by hast-util-to-html.
// Markdown and notebook cells: the same text with only its raw HTML escaped.
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

/** Markdown → an HTML fragment with no raw HTML, no links and no images. */
export function markdownToSafeHtml(markdown: string): string {
  const tree = parseMarkdown(markdown);
  neutralise(tree);
  return toHtml(toHast(tree));
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
