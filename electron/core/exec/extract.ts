// Finds the code blocks in a model message. Parsing is done by a real CommonMark parser
// (micromark, via mdast-util-from-markdown) — the same one react-markdown uses to render the
// message — so what the user sees as a code block is exactly what runs.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Code, Nodes } from 'mdast';
import { classifyUntagged, isProgrammingLanguage, isRunnable, normalizeLanguage } from './languages';

export type { RunnableLanguage } from './languages';

export interface CodeBlock {
  /** 'python' | 'sh' for runnable blocks; otherwise the normalised tag ('' when untagged). */
  language: string;
  /** The raw first word of the info string ('' when none). */
  tag: string;
  /** Block content as CommonMark gives it (no trailing newline added), line endings normalised to LF. */
  code: string;
  runnable: boolean;
  /** false for an indented (4-space) code block. */
  fenced: boolean;
  /** Character offsets of the whole block (fences included) in the source string. */
  start: number;
  end: number;
}

export interface RunPlan {
  /** The runnable blocks, in document order. */
  blocks: CodeBlock[];
  /** `unsupported language X` when nothing is runnable but a block is in a language we don't run. */
  unsupported: string | null;
}

function collectCode(node: Nodes, out: Code[]): void {
  if (node.type === 'code') {
    out.push(node);
    return;
  }
  if ('children' in node) {
    for (const child of node.children) collectCode(child, out);
  }
}

function toBlock(node: Code, source: string): CodeBlock {
  const tag = node.lang ?? '';
  const code = node.value.replace(/\r\n?/g, '\n');
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? source.length;
  // micromark starts a fenced block's position at the fence itself (after any 1–3 space indent),
  // and an indented block's at the start of its indentation.
  const fenced = /^(?:`{3}|~{3})/.test(source.slice(start, start + 3));
  let language = normalizeLanguage(tag);
  if (language === '') language = classifyUntagged(code) ?? '';
  // An empty or whitespace-only block has nothing to run, whatever its tag.
  const runnable = isRunnable(language) && code.trim() !== '';
  return { language, tag, code, runnable, fenced, start, end };
}

/** Every code block in the message (including inside lists and blockquotes), in document order. */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const nodes: Code[] = [];
  collectCode(fromMarkdown(markdown), nodes);
  return nodes.map((node) => toBlock(node, markdown));
}

/** What the executor should run for a message. */
export function planExecution(markdown: string): RunPlan {
  const all = extractCodeBlocks(markdown);
  const blocks = all.filter((b) => b.runnable);
  let unsupported: string | null = null;
  if (blocks.length === 0) {
    const other = all.find((b) => isProgrammingLanguage(b.language));
    if (other) unsupported = `unsupported language ${other.language}`;
  }
  return { blocks, unsupported };
}
