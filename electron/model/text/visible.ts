/**
 * Characters that change how text LOOKS without being seen: bidirectional controls (Trojan
 * Source: `\u202e` inside a string or a comment reorders what the reader sees, not what runs),
 * invisible format characters, terminal escapes (ESC sequences can clear the screen, move the
 * cursor or rewrite a line) and a carriage return that would overwrite the line it ends.
 * `showInvisibles` writes each as a visible escape (`\u202e`, `\x1b`, `\r`) for DISPLAY only:
 * code keeps its exact bytes everywhere else — the code approved is the code that runs.
 * Node-free: used by the renderer and the command line alike.
 */

/** Bidirectional embedding, override and isolate controls, and the directional marks. */
const BIDI = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
/**
 * Invisible characters that can hide text inside an identifier or a string (soft hyphen,
 * zero-width space, word joiner, invisible operators, BOM), and the line and paragraph
 * separators a viewer may draw as a line break where Python sees none.
 */
const INVISIBLE = new Set([
  0x00ad, 0x180e, 0x200b, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff,
]);

/** Whether the UTF-16 unit at `i` of `text` is shown as an escape. */
function hidden(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x0a || c === 0x09) return false; // newline, tab
  if (c === 0x0d) return text.charCodeAt(i + 1) !== 0x0a; // CR alone would overwrite the line
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true; // C0 controls, DEL, C1 controls
  return BIDI.has(c) || INVISIBLE.has(c);
}

/** The escape shown for one character: `\r`, `\x1b`, `\u202e`. */
export function escapeOf(char: string): string {
  const c = char.charCodeAt(0);
  if (c === 0x0d) return '\\r';
  if (c <= 0xff) return `\\x${c.toString(16).padStart(2, '0')}`;
  return `\\u${c.toString(16).padStart(4, '0')}`;
}

/** A piece of text: as it is, or one hidden character (`char`) with its escape (`text`). */
export type VisiblePart = { text: string; escaped: false } | { text: string; escaped: true; char: string };

/** `text` cut into plain runs and escaped characters, in order (for styled display). */
export function splitInvisibles(text: string): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (!hidden(text, i)) continue;
    if (i > run) parts.push({ text: text.slice(run, i), escaped: false });
    parts.push({ text: escapeOf(text[i]!), escaped: true, char: text[i]! });
    run = i + 1;
  }
  if (run < text.length) parts.push({ text: text.slice(run), escaped: false });
  return parts;
}

/** Whether `text` holds any character `showInvisibles` would escape. */
export function hasInvisibles(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (hidden(text, i)) return true;
  return false;
}

export interface ShowOptions {
  /** How an escape is marked (the CLI on a terminal: reverse video). Default: as it is. */
  mark?: (escape: string) => string;
}

/**
 * `text` for display, every bidi control, invisible character, terminal control and
 * line-overwriting CR written as a visible escape. Newlines and tabs are kept.
 */
export function showInvisibles(text: string, options: ShowOptions = {}): string {
  if (!hasInvisibles(text)) return text;
  const mark = options.mark ?? ((s: string) => s);
  return splitInvisibles(text)
    .map((p) => (p.escaped ? mark(p.text) : p.text))
    .join('');
}
