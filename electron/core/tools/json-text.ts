/**
 * Tool calls that local models print as text instead of making them: a ```json block (or an
 * untagged one), a `<tool_call>…</tool_call>` wrapper, or bare JSON in the prose, shaped as
 * `{"name": …, "arguments": …}`, `{"tool": …, "args": …}`, `{"function": {"name", "arguments"}}`,
 * `{"tool_calls": [...]}`, `{"aggregate": {...}}` or a list of those. Blocks are found by the
 * same CommonMark parser that finds code blocks (exec/extract.ts); only the tools' names count.
 */
import { extractCodeBlocks, type CodeBlock } from '../exec/extract';
import { normalizeLanguage } from '../exec/languages';
import { TOOL_NAMES } from './definitions';
import { jsonEnd, tryJson } from '../../model/text/json-scan';

export interface TextToolCall {
  name: string;
  /** The arguments as JSON gave them (an object; a JSON string is parsed). */
  arguments: Record<string, unknown>;
  /** Where the call was written (the whole block or wrapper), as offsets into the text. */
  start: number;
  end: number;
}

const NAME_KEYS = ['name', 'tool', 'tool_name', 'function', 'function_name', 'action'];
const ARG_KEYS = ['arguments', 'args', 'parameters', 'params', 'input', 'action_input'];
const LIST_KEYS = ['tool_calls', 'tool_call', 'calls', 'function_call'];
/** Bounds the work on long messages full of brackets. */
const MAX_JSON_TRIES = 50;

function argsOf(value: unknown): Record<string, unknown> | null {
  const v = typeof value === 'string' ? (value.trim() === '' ? {} : tryJson(value)) : (value ?? {});
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The calls a JSON value describes (names among `names`). */
function callsIn(
  value: unknown,
  names: readonly string[],
  depth = 0,
): { name: string; arguments: Record<string, unknown> }[] {
  if (depth > 4 || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => callsIn(v, names, depth + 1));
  const r = value as Record<string, unknown>;
  for (const key of LIST_KEYS) if (key in r) return callsIn(r[key], names, depth + 1);
  for (const key of NAME_KEYS) {
    const n = r[key];
    if (typeof n === 'object' && n !== null) return callsIn(n, names, depth + 1);
    if (typeof n !== 'string') continue;
    const name = n.trim().replace(/^functions\./, '');
    if (!names.includes(name)) return [];
    const argKey = ARG_KEYS.find((k) => k in r);
    const args = argKey ? argsOf(r[argKey]) : {};
    return args ? [{ name, arguments: args }] : [];
  }
  const keys = Object.keys(r);
  if (keys.length === 1 && names.includes(keys[0] as string)) {
    const args = argsOf(r[keys[0] as string]);
    return args ? [{ name: keys[0] as string, arguments: args }] : [];
  }
  return [];
}

function blockCalls(block: CodeBlock, names: readonly string[]): TextToolCall[] {
  const tag = normalizeLanguage(block.tag);
  if (!['', 'json', 'jsonc', 'json5', 'tool_call', 'tool'].includes(tag)) return [];
  const trimmed = block.code
    .trim()
    .replace(/^<tool_call>|<\/tool_call>$/g, '')
    .trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [];
  return callsIn(tryJson(trimmed), names).map((c) => ({ ...c, start: block.start, end: block.end }));
}

/** Calls written as JSON in the prose (outside blocks), with any `<tool_call>` tags around them. */
function proseCalls(text: string, blocks: CodeBlock[], names: readonly string[]): TextToolCall[] {
  const out: TextToolCall[] = [];
  let tries = 0;
  for (let i = 0; i < text.length && tries < MAX_JSON_TRIES; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    const inBlock = blocks.find((b) => i >= b.start && i < b.end);
    if (inBlock) {
      i = inBlock.end - 1;
      continue;
    }
    if (!/^[{[]\s*["{[]/.test(text.slice(i, i + 64))) continue;
    tries++;
    const end = jsonEnd(text, i);
    if (end === -1) continue;
    const parsed = tryJson(text.slice(i, end));
    if (parsed === undefined) continue;
    const calls = callsIn(parsed, names);
    const open = /<(tool_call|function_call)>\s*$/.exec(text.slice(0, i));
    const close = open ? new RegExp(`^\\s*</${open[1]}>`).exec(text.slice(end)) : null;
    const start = open ? open.index : i;
    out.push(...calls.map((c) => ({ ...c, start, end: close ? end + close[0].length : end })));
    i = end - 1; // valid JSON: what is inside is not looked at again
  }
  return out;
}

/** The tool calls written as text in a reply, in order (none: []). */
export function toolCallsInText(text: string, names: readonly string[] = TOOL_NAMES): TextToolCall[] {
  const blocks = extractCodeBlocks(text);
  const calls = [...blocks.flatMap((b) => blockCalls(b, names)), ...proseCalls(text, blocks, names)];
  return calls.sort((a, b) => a.start - b.start);
}
