// What every report format shares: the conversation walked into report items, status labels,
// figure files read safely from the workspace, escaping and fences.
import type {
  AssistantMessage,
  BlockRun,
  Conversation,
  NoticeMessage,
  UserMessage,
} from '../../model/agent/conversation';
import { extractCodeBlocks } from '../exec/extract';
import { readWorkspaceFileSync } from '../exec/safe-file';
import type { Artifact } from '../../model/exec/types';
import { withoutTerminate } from '../../model/agent/terminate';
import { BLOCK_STATUS_WORDS } from '../../model/agent/block-status';

/** Figures larger than this are left out of reports (with a note). */
export const MAX_FIGURE_BYTES = 10 * 1024 * 1024;

export const NOTICE_LABELS = { info: 'Note', warning: 'Warning', error: 'Error' } as const;

/** A block and its number in the whole conversation (1-based, counting every block). */
export interface NumberedBlock {
  block: BlockRun;
  number: number;
}

export type ProsePart = { kind: 'prose'; text: string } | ({ kind: 'block' } & NumberedBlock);

export type ReportItem =
  | { kind: 'user'; message: UserMessage }
  | { kind: 'assistant'; message: AssistantMessage; parts: ProsePart[] }
  | { kind: 'notice'; message: NoticeMessage };

/** The first user message: the question the report answers. */
export function questionOf(conversation: Conversation): UserMessage | null {
  return conversation.messages.find((m): m is UserMessage => m.role === 'user') ?? null;
}

/** AutoGen's stop word, alone on a line or at the end of the text. */
export function stripTerminate(text: string): string {
  return withoutTerminate(text).trim();
}

/** The blocks that have a place in the message's text, in order (tools mode). */
function placedBlocks(message: AssistantMessage): { start: number; end: number; block: BlockRun }[] {
  return message.blocks
    .flatMap((block) =>
      block.start !== undefined && block.end !== undefined
        ? [{ start: block.start, end: block.end, block }]
        : [],
    )
    .sort((a, b) => a.start - b.start);
}

/**
 * An assistant message cut into prose and its runnable blocks, in document order. The i-th
 * runnable fenced block of the text is the message's block with `index` i; blocks with no place
 * in the text (a recovered tool call, say) come after the prose.
 */
export function splitMessage(message: AssistantMessage, firstNumber: number): ProsePart[] {
  const text = message.content.replace(/\r\n?/g, '\n');
  const byIndex = new Map(message.blocks.map((b) => [b.index, b]));
  // tools mode: blocks (calls, code shown and not run) are placed by their own offsets
  const spans = message.blocks.some((b) => b.language === 'tool')
    ? placedBlocks(message)
    : extractCodeBlocks(text).filter((b) => b.runnable);
  const parts: ProsePart[] = [];
  const used = new Set<BlockRun>();
  let number = firstNumber;
  let cursor = 0;
  const prose = (s: string) => {
    const t = stripTerminate(s);
    if (t) parts.push({ kind: 'prose', text: t });
  };
  spans.forEach((span, i) => {
    const block = 'block' in span ? span.block : byIndex.get(i);
    if (!block) return;
    prose(text.slice(cursor, span.start));
    parts.push({ kind: 'block', block, number: number++ });
    used.add(block);
    cursor = span.end;
  });
  const rest = text.slice(cursor);
  const leftover = [...message.blocks].sort((a, b) => a.index - b.index).filter((b) => !used.has(b));
  // A recovered message's text is the code itself: don't show it twice.
  if (!(message.recovered && leftover.some((b) => rest.includes(b.code.trim())))) prose(rest);
  for (const block of leftover) parts.push({ kind: 'block', block, number: number++ });
  return parts;
}

/**
 * The conversation in order, minus the execution messages (the blocks show their outputs) and
 * the question the report leads with (`shown`: the first question unless told otherwise).
 */
export function reportItems(
  conversation: Conversation,
  shown: UserMessage | null = questionOf(conversation),
): ReportItem[] {
  const question = shown;
  const items: ReportItem[] = [];
  let number = 1;
  for (const message of conversation.messages) {
    if (message.role === 'user' && message !== question) items.push({ kind: 'user', message });
    else if (message.role === 'notice') items.push({ kind: 'notice', message });
    else if (message.role === 'assistant') {
      const parts = splitMessage(message, number);
      number += parts.filter((p) => p.kind === 'block').length;
      if (parts.length > 0) items.push({ kind: 'assistant', message, parts });
    }
  }
  return items;
}

/** Every block of the conversation, numbered as in `reportItems`. */
export function allBlocks(items: ReportItem[]): NumberedBlock[] {
  return items.flatMap((item) =>
    item.kind === 'assistant'
      ? item.parts.flatMap((p) => (p.kind === 'block' ? [{ block: p.block, number: p.number }] : []))
      : [],
  );
}

/** "succeeded", or "failed (exit 1)", "timed out after 2.1 s". */
export function statusText(block: BlockRun): string {
  const label = BLOCK_STATUS_WORDS[block.status] ?? block.status;
  const r = block.result;
  if (!r) return label;
  const secs = `${(r.durationMs / 1000).toFixed(r.durationMs < 10_000 ? 2 : 1)} s`;
  if (block.status === 'failed') return `${label} (exit ${r.exitCode}, ${secs})`;
  return `${label} (${secs})`;
}

/** Warnings of a block beyond the sandbox warnings already shown once in the provenance. */
export function blockNotes(block: BlockRun, conversation: Conversation): string[] {
  const known = new Set(conversation.execution?.warnings ?? []);
  return (block.result?.warnings ?? []).filter((w) => !known.has(w));
}

export const isFigure = (a: Artifact) =>
  a.kind === 'image' && /^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(a.mime);

export type FigureFile =
  { ok: true; artifact: Artifact; data: Buffer } | { ok: false; artifact: Artifact; note: string };

/**
 * A figure's bytes, read by its workspace-relative name under `workspaceDir` (never by the
 * absolute path stored in the conversation, which is data and could point anywhere), through
 * one checked handle (`exec/safe-file.ts`): a symlink, a FIFO, a hard link, a file outside the
 * workspace or over 10 MB is skipped with a note ("plot.png skipped: not a regular file").
 */
export function readFigure(workspaceDir: string, artifact: Artifact): FigureFile {
  const read = readWorkspaceFileSync(workspaceDir, artifact.name, { maxBytes: MAX_FIGURE_BYTES });
  return read.ok
    ? { ok: true, artifact, data: read.data }
    : { ok: false, artifact, note: figureNote(artifact, read.note) };
}

/** "plot.png skipped: not a regular file". */
export const figureNote = (artifact: Artifact, note: string) => `${artifact.name} ${note}`;

export function readFigures(workspaceDir: string, block: BlockRun): FigureFile[] {
  return (block.result?.artifacts ?? []).filter(isFigure).map((a) => readFigure(workspaceDir, a));
}

/** Artifacts that are not figures (CSV files the code wrote, …): listed by name. */
export function otherFiles(block: BlockRun): Artifact[] {
  return (block.result?.artifacts ?? []).filter((a) => !isFigure(a));
}

/** A Markdown code fence longer than any run of backticks inside `text` (at least 3). */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function fenced(text: string, lang = ''): string {
  const f = fenceFor(text);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

/** Text safe inside a Markdown paragraph or link label: punctuation escaped, one line. */
export function mdInline(value: unknown): string {
  return String(value ?? '')
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** A file-name-safe slug of the title (letters of any script kept), at most 60 characters. */
export function slug(title: string): string {
  const s = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'report';
}

export function dateStamp(d: Date): string {
  return d.toISOString().slice(0, 10);
}
