// Language tags of fenced code blocks: normalisation, what we run, and how an
// untagged block is classified.
import { parser as pythonParser } from '@lezer/python';

/** The languages the executor runs. */
export type RunnableLanguage = 'python' | 'sh';

const RUNNABLE: ReadonlySet<string> = new Set<RunnableLanguage>(['python', 'sh']);

/** Alias (lower-cased) → canonical name. Anything not listed is kept as written (lower-cased). */
const ALIASES: Readonly<Record<string, string>> = {
  // Runnable.
  py: 'python',
  python3: 'python',
  bash: 'sh',
  shell: 'sh',
  // Programming languages we don't run, so "unsupported language X" names them clearly.
  js: 'javascript',
  node: 'javascript',
  nodejs: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  'c#': 'csharp',
  cs: 'csharp',
  kt: 'kotlin',
  golang: 'go',
  rs: 'rust',
  rb: 'ruby',
  pl: 'perl',
  jl: 'julia',
  ps1: 'powershell',
  pwsh: 'powershell',
  cmd: 'batch',
  bat: 'batch',
  hs: 'haskell',
  // Plain, non-programming tags.
  md: 'markdown',
  yml: 'yaml',
};

/** Real programming languages that we recognise but don't run (canonical names). */
const PROGRAMMING: ReadonlySet<string> = new Set([
  'javascript',
  'typescript',
  'jsx',
  'tsx',
  'c',
  'cpp',
  'csharp',
  'java',
  'kotlin',
  'scala',
  'go',
  'rust',
  'ruby',
  'php',
  'perl',
  'r',
  'julia',
  'swift',
  'lua',
  'powershell',
  'batch',
  'sql',
  'haskell',
  'matlab',
  'octave',
]);
// Deliberately NOT programming (and not runnable): zsh, fish, console, shell-session, text, output,
// markdown, json, yaml, csv, tsv, html, xml, toml, ini, diff, log, plaintext, txt — and any unknown tag.

/**
 * Canonical language for an info-string tag: the first word, lower-cased, with a leading `{` / `.`
 * stripped (and the matching `}` when a `{` was stripped), then aliases resolved.
 * `normalizeLanguage` is idempotent, so it also accepts an already-normalised name.
 */
export function normalizeLanguage(tag: string): string {
  let word = (tag.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const braced = word.startsWith('{');
  word = word.replace(/^[{.]+/, '');
  if (braced) word = word.replace(/\}$/, '');
  return ALIASES[word] ?? word;
}

/** True for `python` / `sh` and their aliases (`py`, `python3`, `bash`, `shell`, any case). */
export function isRunnable(lang: string): boolean {
  return RUNNABLE.has(normalizeLanguage(lang));
}

/** True for real programming languages that we don't run (javascript, c, rust, sql, …). */
export function isProgrammingLanguage(lang: string): boolean {
  return PROGRAMMING.has(normalizeLanguage(lang));
}

// AutoGen's rule: an untagged block whose first line is a pip/python command is a shell script.
// The command word must be followed by an argument; operators, calls and attribute access
// (`python = 3`, `pip(x)`, `python.x`) are Python, and a bare `python` line is a Python name.
const SH_COMMAND =
  /^(?:pip3?|python3?)[ \t]+(?=\S)(?:-{1,2}[A-Za-z]|(?![-=<>!+*/%&|^@.,:;)\]}([]|(?:in|is|and|or|not|if|else|for)\b))/;

/** First line that is neither blank nor comment-only (the lines CPython's tokenizer ignores for indentation). */
function firstLogicalLine(code: string): string | undefined {
  return code.split('\n').find((line) => {
    const t = line.trim();
    return t !== '' && !t.startsWith('#');
  });
}

/**
 * Decides whether `code` parses as Python, with `@lezer/python` (no interpreter needed).
 *
 * Known divergences from CPython's `ast.parse` (tested in languages.test.ts):
 * - lezer's grammar is more permissive: it accepts an unexpected indent or an inconsistent dedent
 *   inside the body, Python 2 `print 'x'` statements, `raise E, 'm'`, `0777` and a `try:` with no
 *   `except`. Such blocks are run and the real interpreter's SyntaxError goes back to the model.
 * - it rejects a few rare valid forms (`a = yield` at top level, `lambda: (yield)`); those blocks
 *   are simply not run.
 * We add the one rule lezer misses that matters most for prose: the first logical line must not be
 * indented (CPython: "unexpected indent").
 */
export function isValidPython(code: string): boolean {
  const first = firstLogicalLine(code);
  if (first === undefined) return false; // empty, whitespace- or comment-only: nothing to run
  if (/^[ \t\f]/.test(first)) return false;
  let ok = true;
  pythonParser.parse(code).iterate({
    enter(node) {
      if (node.type.isError) ok = false;
      return ok; // stop descending once an error is found
    },
  });
  return ok;
}

/**
 * Language of a block without a tag (no info string, or an indented code block):
 * `sh` when its first non-blank line is a pip/python command (`pip install x`, `python3 x.py`),
 * else `python` when it parses as Python, else null (not runnable).
 */
export function classifyUntagged(code: string): RunnableLanguage | null {
  if (code.trim() === '') return null;
  const firstNonBlank = code.split('\n').find((line) => line.trim() !== '') ?? '';
  if (SH_COMMAND.test(firstNonBlank.trimStart())) return 'sh';
  return isValidPython(code) ? 'python' : null;
}
