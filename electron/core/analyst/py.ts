/**
 * Python source literals for untrusted text (column names, file names, category values).
 * Every string that reaches generated code goes through `pyStr`: the literal is pure printable
 * ASCII (no quotes left unescaped, no newlines, no backticks that could close a Markdown fence),
 * and Python reads it back as exactly the original string, non-BMP characters included.
 */

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const SIMPLE: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A single-quoted Python str literal that evaluates to `value`. */
export function pyStr(value: string): string {
  let out = "'";
  // for…of walks code points; a lone surrogate comes through on its own (Python keeps it too).
  for (const ch of value) {
    const simple = SIMPLE[ch];
    if (simple) {
      out += simple;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f && ch !== '`') out += ch;
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}'`;
}

/** A Python list of str literals; one item per line (indented) when it would be long. */
export function pyList(values: readonly string[], indent = ''): string {
  const items = values.map(pyStr);
  const flat = `[${items.join(', ')}]`;
  if (flat.length + indent.length <= 96) return flat;
  return `[\n${items.map((item) => `${indent}    ${item},`).join('\n')}\n${indent}]`;
}

/** A Python bool literal. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** A Python int/float literal for a finite number (never NaN or infinity: those throw). */
export function pyNum(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  // JavaScript's shortest round-trip form ("0.1", "1e+21", "-5") is a valid Python literal
  // that reads back as the same double.
  return Object.is(value, -0) ? '0' : String(value);
}

/** A Python literal for a string, a finite number or a boolean. */
export function pyScalar(value: string | number | boolean): string {
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return pyBool(value);
  return pyNum(value);
}
