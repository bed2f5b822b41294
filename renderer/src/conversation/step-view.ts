// Steps of an analysis (pure: tested without a DOM). An assistant message with runnable blocks is
// a step: its title comes from its prose, its status and time from its blocks; a finished step is
// folded to one line (its charts stay in view) unless something in it needs the reader.
import type {
  AssistantMessage,
  BlockRun,
  BlockStatus,
  Message,
} from '../../../electron/model/agent/conversation';

const MAX_TITLE = 60;

/** Markdown's inline marks and links reduced to their text. */
function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\W)[*_]([^*_]+)[*_](?=\W|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut at a word boundary, with an ellipsis. */
export function shorten(text: string, max = MAX_TITLE): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** The first sentence of a paragraph, without a lead-in ("Next, …") and what follows a colon. */
function sentenceTitle(paragraph: string): string {
  const text = plain(paragraph);
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(text)?.[1] ?? text;
  let title = sentence
    .replace(/[.!?]+$/, '')
    .replace(/^(?:first|next|then|now|finally|last|lastly|also|and)\b,?\s+/i, '')
    .replace(/^(?:let me|let's|i'll|i will|we'll)\s+/i, '')
    .replace(/^(?:an?|the)\s+(?=\w)/i, '');
  const colon = title.search(/:\s| — | – /);
  if (colon > 8) title = title.slice(0, colon);
  title = title.trim();
  return title ? title[0]!.toUpperCase() + title.slice(1) : '';
}

interface Paragraph {
  text: string;
  /** It is followed by the message's first code block. */
  introducesCode: boolean;
}

/** The message's headings and prose paragraphs (code blocks left out). */
function outline(content: string): { headings: string[]; paragraphs: Paragraph[] } {
  const headings: string[] = [];
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  let codeSeen = false;
  const flush = () => {
    const text = current.join(' ').trim();
    if (text) paragraphs.push({ text, introducesCode: false });
    current = [];
  };
  for (const line of content.split('\n')) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (f && f[1]!.startsWith(fence[0]!) && f[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (f) {
      fence = f[1]!;
      flush();
      // the paragraph just before the first code block says what the code does
      const last = paragraphs[paragraphs.length - 1];
      if (!codeSeen && last) last.introducesCode = true;
      codeSeen = true;
      continue;
    }
    const h = /^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      headings.push(h[1]!);
    } else if (!line.trim()) flush();
    else current.push(line.trim());
  }
  flush();
  return { headings, paragraphs };
}

/**
 * A step's title: the message's first heading; else the first sentence of the paragraph that
 * introduces its first code block (it says what the code does); else of its first paragraph.
 */
export function stepTitle(content: string): string {
  const { headings, paragraphs } = outline(content);
  if (headings[0]) return shorten(plain(headings[0]));
  const intro = paragraphs.find((p) => p.introducesCode) ?? paragraphs[0];
  const title = intro ? sentenceTitle(intro.text) : '';
  return title ? shorten(title) : 'Code';
}

/** A step's title; a tools-mode reply without prose is named by its first call's summary. */
export function stepTitleOf(message: Pick<AssistantMessage, 'content' | 'blocks'>): string {
  const title = stepTitle(message.content);
  const summary = message.blocks.find((b) => b.tool?.summary)?.tool?.summary;
  return title === 'Code' && summary ? shorten(sentenceTitle(summary)) || 'Tool call' : title;
}

export type StepState = 'running' | 'waiting' | 'failed' | 'done' | 'stopped';

/** One state for the step's blocks: the most pressing one (in tools mode, of its tool calls). */
export function stepState(all: readonly BlockRun[]): StepState {
  // tools mode: the model's code beside its calls is shown, never run; the calls make the step
  const blocks = all.some((b) => b.tool) ? all.filter((b) => b.tool || b.status !== 'not-run') : all;
  const has = (...s: BlockStatus[]) => blocks.some((b) => s.includes(b.status));
  if (has('running', 'queued')) return 'running';
  if (has('awaiting-approval')) return 'waiting';
  if (has('failed', 'timed-out')) return 'failed';
  if (blocks.length > 0 && blocks.every((b) => b.status === 'succeeded')) return 'done';
  return 'stopped';
}

/** Words for the step's state (never an icon alone). */
export function stepStateText(all: readonly BlockRun[]): string {
  const state = stepState(all);
  const blocks = all.some((b) => b.tool) ? all.filter((b) => b.tool || b.status !== 'not-run') : all;
  if (state === 'stopped') {
    const s = blocks.find((b) => b.status !== 'succeeded')?.status;
    return s === 'rejected' ? 'Rejected' : s === 'not-run' ? 'Not run' : 'Cancelled';
  }
  return { running: 'Running', waiting: 'Awaiting approval', failed: 'Failed', done: 'Succeeded' }[state];
}

/** The time the step's blocks took (null when none has finished). */
export function stepDuration(blocks: readonly BlockRun[]): number | null {
  const done = blocks.filter((b) => b.result);
  return done.length ? done.reduce((ms, b) => ms + (b.result?.durationMs ?? 0), 0) : null;
}

export interface FoldContext {
  /** A run is going on (running or awaiting approval). */
  live: boolean;
  /** This is the conversation's latest step. */
  latest: boolean;
  /** Its code holds something the reader must see (hidden characters): it stays open. */
  flagged?: boolean;
}

/**
 * Whether a step opens folded: a finished (or rejected) step does; one running, waiting for
 * approval, failed, stopped mid-run, not run, still streaming or flagged does not, nor the
 * latest step while the run is live.
 */
export function foldedByDefault(message: AssistantMessage, ctx: FoldContext): boolean {
  if (message.streaming || ctx.flagged) return false;
  if (ctx.live && ctx.latest) return false;
  const state = stepState(message.blocks);
  // a block stopped mid-run is unfinished business, like a failure, and code that was not run
  // (execution off) is all there is to see: they stay open; rejected code folds
  return (
    state === 'done' ||
    (state === 'stopped' && message.blocks.every((b) => b.status === 'succeeded' || b.status === 'rejected'))
  );
}

/** Step numbers (1-based) of the assistant messages that hold runnable blocks, by message id. */
export function stepNumbers(messages: readonly Message[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of messages) if (m.role === 'assistant' && m.blocks.length > 0) out.set(m.id, out.size + 1);
  return out;
}
