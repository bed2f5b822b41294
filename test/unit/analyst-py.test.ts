// Python literals for untrusted names: exact escapes, ASCII only, nothing that can end a string
// or a Markdown fence. (Round trips through a real interpreter: test/integration/analyst-hostile.)
import { describe, expect, it } from 'vitest';
import { pyBool, pyList, pyStr } from '../../electron/core/analyst/py';

describe('pyStr', () => {
  it('escapes quotes, backslashes and line breaks', () => {
    expect(pyStr('plain')).toBe("'plain'");
    expect(pyStr(`a"b'c\\n`)).toBe(`'a"b\\'c\\\\n'`);
    expect(pyStr('line1\nline2\r\tend')).toBe("'line1\\nline2\\r\\tend'");
    expect(pyStr("__import__('os').system('x')")).toBe("'__import__(\\'os\\').system(\\'x\\')'");
    expect(pyStr('')).toBe("''");
  });

  it('writes non-ASCII, controls and backticks as escapes (BMP \\u, astral \\U)', () => {
    expect(pyStr('Région')).toBe("'R\\xe9gion'");
    expect(pyStr('名前')).toBe("'\\u540d\\u524d'");
    expect(pyStr('💰')).toBe("'\\U0001f4b0'");
    expect(pyStr('```python')).toBe("'\\x60\\x60\\x60python'");
    expect(pyStr('\u0000\u007f\u2028')).toBe("'\\x00\\x7f\\u2028'");
    expect(pyStr('\ud800')).toBe("'\\ud800'"); // a lone surrogate stays one
  });

  it('always yields one line of printable ASCII between single quotes', () => {
    const nasty = [
      "'''",
      '"""',
      '\\',
      "\\'",
      'a\\',
      '${x}',
      '{x}',
      '\n```\nimport os\n```\n',
      '\u0085\u2029',
    ];
    for (const value of nasty) {
      const literal = pyStr(value);
      expect(literal).toMatch(/^'[\x20-\x7e]*'$/);
      expect(literal).not.toContain('`');
      // Every quote inside is escaped: an unescaped one would end the literal early.
      expect(literal.slice(1, -1).replace(/\\\\/g, '').replace(/\\'/g, '')).not.toContain("'");
    }
  });
});

describe('pyList and pyBool', () => {
  it('keeps short lists on one line and breaks long ones', () => {
    expect(pyList(['a', "b'c"])).toBe("['a', 'b\\'c']");
    expect(pyList([])).toBe('[]');
    const long = pyList(
      Array.from({ length: 12 }, (_, i) => `column_number_${i}`),
      '    ',
    );
    expect(long.split('\n')).toHaveLength(14);
    expect(long).toMatch(/^\[\n {8}'column_number_0',\n/);
    expect(long.endsWith('\n    ]')).toBe(true);
  });

  it('writes Python booleans', () => {
    expect(pyBool(true)).toBe('True');
    expect(pyBool(false)).toBe('False');
  });
});
