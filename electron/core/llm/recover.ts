// Recovers runnable code from replies that local models get slightly wrong: a tool call printed as
// JSON instead of a fenced block, or a whole message of Python with no fence. The result is a
// message whose code sits in a normal ```python block, so the user sees (and the executor runs)
// exactly what any other model would have produced.
import { extractCodeBlocks } from '../exec/extract';
import type { CodeBlock } from '../exec/extract';
import { classifyUntagged, normalizeLanguage } from '../exec/languages';
import { jsonEnd, tryJson } from '../../model/text/json-scan';

export interface Recovered {
  content: string;
  /** How the code was recovered, or null when the message was left unchanged. */
  recovered: 'tool-call' | 'unfenced' | null;
}

/** A tool call as the API returns it (message.tool_calls, or accumulated delta.tool_calls). */
export interface ToolCallLike {
  type?: string;
  function?: { name?: string; arguments?: string };
  custom?: { name?: string; input?: string };
}

/** Keys under which models put the code itself. */
const CODE_KEYS = ['code', 'script', 'source', 'python', 'program'];
/** Keys under which models nest a call's arguments. */
const NEST_KEYS = [
  'arguments',
  'parameters',
  'args',
  'input',
  'function',
  'tool_calls',
  'tool_call',
  'calls',
];

/** Python (or a pip/python shell command) that is more than one bare word or line of prose. */
function looksLikeProgram(text: string): boolean {
  const trimmed = text.trim();
  return classifyUntagged(trimmed) !== null && (trimmed.includes('\n') || /[(=]|\bimport\b/.test(trimmed));
}

/** The code carried by a tool-call-shaped JSON value (several calls → several pieces), else []. */
function codesFrom(value: unknown, depth = 0): string[] {
  if (depth > 6 || value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => codesFrom(item, depth + 1));
  if (typeof value === 'string') {
    // Arguments are often a JSON string; sometimes they are the code itself.
    const inner = value.trim().startsWith('{') || value.trim().startsWith('[') ? tryJson(value) : undefined;
    if (inner !== undefined) return codesFrom(inner, depth + 1);
    return depth > 0 && looksLikeProgram(value) ? [value] : [];
  }
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  for (const key of CODE_KEYS) {
    const code = record[key];
    // `code` is unambiguous; the others ("source": "Wikipedia") must at least look like a program.
    if (typeof code === 'string' && code.trim() !== '' && (key === 'code' || looksLikeProgram(code))) {
      return [code];
    }
  }
  for (const key of NEST_KEYS) {
    const codes = codesFrom(record[key], depth + 1);
    if (codes.length) return codes;
  }
  return [];
}

function fence(code: string): string {
  const body = code.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  const language = classifyUntagged(body) === 'sh' ? 'sh' : 'python';
  return `${ticks}${language}\n${body}\n${ticks}`;
}

/** Puts `replacement` (a block) between the prose before and after it, each separated by a blank line. */
function splice(before: string, replacement: string, rest: string): string {
  const head = before.replace(/\s+$/, '');
  const tail = rest.replace(/^\s+/, '');
  return [head, replacement, tail].filter((part) => part !== '').join('\n\n');
}

/** Bounds the work on long messages full of brackets (each try may scan to the end). */
const MAX_JSON_TRIES = 50;
/** Longer messages are not checked as a whole for being Python (the parser's error recovery is slow). */
const MAX_UNFENCED_CHARS = 20_000;

/** The first tool-call JSON written as prose (outside any block), with `<tool_call>` tags around it. */
function findProseToolCall(
  content: string,
  blocks: CodeBlock[],
): { start: number; end: number; codes: string[] } | null {
  let tries = 0;
  for (let i = 0; i < content.length && tries < MAX_JSON_TRIES; i++) {
    if (content[i] !== '{' && content[i] !== '[') continue;
    if (blocks.some((b) => i >= b.start && i < b.end)) continue;
    if (!/^[{[]\s*["{[]/.test(content.slice(i, i + 64))) continue; // a JSON object or array of them
    tries++;
    const end = jsonEnd(content, i);
    if (end === -1) continue;
    const parsed = tryJson(content.slice(i, end));
    const codes = codesFrom(parsed);
    if (!codes.length) {
      if (parsed !== undefined) i = end - 1; // valid JSON but no call: skip what is inside
      continue;
    }
    // Hermes/Qwen-style wrappers would otherwise open an HTML block that swallows the fence.
    const open = /<(tool_call|function_call)>\s*$/.exec(content.slice(0, i));
    const close = open ? new RegExp(`^\\s*</${open[1]}>`).exec(content.slice(end)) : null;
    return {
      start: open ? open.index : i,
      end: close ? end + close[0].length : end,
      codes,
    };
  }
  return null;
}

/** A fenced block that is really a tool call: tagged json (or untagged, or jsonc) and shaped like one. */
function blockToolCodes(block: CodeBlock): string[] {
  const tag = normalizeLanguage(block.tag);
  if (tag !== '' && tag !== 'json' && tag !== 'jsonc' && tag !== 'json5') return [];
  const trimmed = block.code.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [];
  return codesFrom(tryJson(trimmed));
}

/** True for a whole message that is Python, as opposed to one bare word or line of prose. */
function isWholePython(text: string): boolean {
  return classifyUntagged(text) === 'python' && looksLikeProgram(text);
}

/**
 * Recover code from a model message.
 * - Already has a runnable block (other than a tool-call JSON block) → unchanged.
 * - Tool call printed as JSON (bare, in prose, in a ```json fence, in `<tool_call>` tags, or as
 *   `{"tool_calls": [...]}`) → its code as a ```python block, prose kept ('tool-call').
 * - No block at all and the whole message is Python (not a bare word like TERMINATE) → fenced ('unfenced').
 */
export function recoverCode(content: string): Recovered {
  const unchanged: Recovered = { content, recovered: null };
  const blocks = extractCodeBlocks(content);
  const toolCodes = blocks.map(blockToolCodes);
  if (blocks.some((b, i) => b.runnable && toolCodes[i]!.length === 0)) return unchanged;

  if (toolCodes.some((codes) => codes.length)) {
    let out = '';
    let cursor = 0;
    blocks.forEach((block, i) => {
      const codes = toolCodes[i]!;
      if (!codes.length) return;
      out = splice(out + content.slice(cursor, block.start), codes.map(fence).join('\n\n'), '');
      cursor = block.end;
    });
    return { content: splice(out, '', content.slice(cursor)), recovered: 'tool-call' };
  }

  const prose = findProseToolCall(content, blocks);
  if (prose) {
    const replacement = prose.codes.map(fence).join('\n\n');
    return {
      content: splice(content.slice(0, prose.start), replacement, content.slice(prose.end)),
      recovered: 'tool-call',
    };
  }

  const trimmed = content.trim();
  if (blocks.length === 0 && trimmed.length <= MAX_UNFENCED_CHARS && isWholePython(trimmed)) {
    return { content: fence(trimmed), recovered: 'unfenced' };
  }
  return unchanged;
}

/**
 * The message text for tool calls the API returned instead of content: each call's code as a
 * fenced block; a call with no recognisable code is kept as a ```json block so it is not lost.
 */
export function toolCallsToContent(toolCalls: readonly ToolCallLike[]): string {
  return toolCalls
    .map((call) => {
      const name = call.function?.name ?? call.custom?.name ?? '';
      const args = call.function?.arguments ?? call.custom?.input ?? '';
      const codes = codesFrom({ name, arguments: args });
      if (codes.length) return codes.map(fence).join('\n\n');
      const parsed = tryJson(args);
      const shown = JSON.stringify({ name, arguments: parsed === undefined ? args : parsed }, null, 2);
      return `\`\`\`json\n${shown}\n\`\`\``;
    })
    .filter((part) => part !== '')
    .join('\n\n');
}
