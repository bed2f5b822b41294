/**
 * Indents generated Python as the body of a block (`if …:`) without changing what it means: the
 * lines that continue a triple-quoted string are left as they are (indenting them would change
 * the string). A small scanner follows comments, strings and escapes to know where those are.
 */

type State = { in: 'code' } | { in: 'string'; quote: string };

/** The scanner's state after `line`, starting from `state`. */
function scanLine(line: string, state: State): State {
  let s = state;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (s.in === 'string') {
      if (ch === '\\') i++;
      else if (line.startsWith(s.quote, i)) {
        i += s.quote.length - 1;
        s = { in: 'code' };
      }
      continue;
    }
    if (ch === '#') break;
    if (ch === '"' || ch === "'") {
      const triple = line.startsWith(ch.repeat(3), i);
      s = { in: 'string', quote: triple ? ch.repeat(3) : ch };
      if (triple) i += 2;
    }
  }
  // A one-quote string ends with its line (a backslash before the newline would continue it;
  // generated code never does that).
  return s.in === 'string' && s.quote.length === 1 ? { in: 'code' } : s;
}

/** `code` with `prefix` before every line that starts outside a string (blank lines left blank). */
export function indentPython(code: string, prefix = '    '): string {
  let state: State = { in: 'code' };
  return code
    .split('\n')
    .map((line) => {
      const inside = state.in === 'string';
      state = scanLine(line, state);
      return inside || line.trim() === '' ? line : prefix + line;
    })
    .join('\n');
}
