// Syntax highlighting: Python with the Lezer parser and its class highlighter (`tok-*` classes),
// shell with a few regular expressions. Results are cached: the same code is drawn many times.
import { classHighlighter, highlightTree } from '@lezer/highlight';
import { parser as pythonParser } from '@lezer/python';

export interface Segment {
  text: string;
  cls: string;
}

const cache = new Map<string, Segment[]>();
const MAX_CACHED = 400;
/** Above this, code is shown plain: highlighting huge blocks is not worth the time. */
const MAX_HIGHLIGHTED = 60_000;

function python(code: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  highlightTree(pythonParser.parse(code), classHighlighter, (from, to, classes) => {
    if (from > pos) out.push({ text: code.slice(pos, from), cls: '' });
    out.push({ text: code.slice(from, to), cls: classes });
    pos = to;
  });
  if (pos < code.length) out.push({ text: code.slice(pos), cls: '' });
  return out;
}

const SH_TOKEN =
  /(#[^\n]*)|("(?:[^"\\]|\\.)*"|'[^']*')|(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)|(\b(?:if|then|else|elif|fi|for|while|do|done|case|esac|in|function|export|return)\b)/g;

function shell(code: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const m of code.matchAll(SH_TOKEN)) {
    const at = m.index ?? 0;
    if (at > pos) out.push({ text: code.slice(pos, at), cls: '' });
    const cls = m[1] ? 'tok-comment' : m[2] ? 'tok-string' : m[3] ? 'tok-variableName' : 'tok-keyword';
    out.push({ text: m[0], cls });
    pos = at + m[0].length;
  }
  if (pos < code.length) out.push({ text: code.slice(pos), cls: '' });
  return out;
}

export function highlight(code: string, language: string): Segment[] {
  const lang = language.toLowerCase();
  const kind = ['python', 'py', 'python3'].includes(lang)
    ? 'py'
    : ['sh', 'bash', 'shell'].includes(lang)
      ? 'sh'
      : '';
  if (!kind || code.length > MAX_HIGHLIGHTED) return [{ text: code, cls: '' }];
  const key = `${kind}\u0000${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const segments = kind === 'py' ? python(code) : shell(code);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, segments);
  return segments;
}
