import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  classifyUntagged,
  isProgrammingLanguage,
  isRunnable,
  isValidPython,
  normalizeLanguage,
} from '../../electron/core/exec/languages';

const PYTHON = '/usr/bin/python3';

/** CPython's verdict (`ast.parse` succeeds) for each snippet. */
function cpythonParses(snippets: string[]): boolean[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(src)',
    '        out.append(True)',
    '    except SyntaxError:',
    '        out.append(False)',
    'print(json.dumps(out))',
  ].join('\n');
  const res = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(snippets), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as boolean[];
}

describe('normalizeLanguage', () => {
  it.each([
    ['python', 'python'],
    ['PYTHON', 'python'],
    ['Py', 'python'],
    ['python3', 'python'],
    ['Python3', 'python'],
    ['sh', 'sh'],
    ['Bash', 'sh'],
    ['SHELL', 'sh'],
    ['{python}', 'python'],
    ['{.python}', 'python'],
    ['.py', 'python'],
    ['python title="x"', 'python'],
    ['js', 'javascript'],
    ['Node', 'javascript'],
    ['ts', 'typescript'],
    ['c++', 'cpp'],
    ['C#', 'csharp'],
    ['golang', 'go'],
    ['rs', 'rust'],
    ['ps1', 'powershell'],
    ['yml', 'yaml'],
    ['md', 'markdown'],
    ['JSON', 'json'],
    ['zsh', 'zsh'],
    ['', ''],
  ])('%j → %j', (tag, expected) => {
    expect(normalizeLanguage(tag)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const tag of ['py', 'bash', 'js', 'c++', 'yml', 'text']) {
      expect(normalizeLanguage(normalizeLanguage(tag))).toBe(normalizeLanguage(tag));
    }
  });
});

describe('isRunnable / isProgrammingLanguage', () => {
  it('runs python and sh only', () => {
    for (const t of ['python', 'py', 'python3', 'PY', 'sh', 'bash', 'shell'])
      expect(isRunnable(t)).toBe(true);
    for (const t of ['zsh', 'fish', 'console', 'shell-session', 'js', 'pycon', 'text', '']) {
      expect(isRunnable(t)).toBe(false);
    }
  });

  it('knows the programming languages we do not run', () => {
    const programming =
      'javascript js node typescript ts jsx tsx c cpp c++ cc cxx csharp c# cs java kotlin scala go golang rust rs ruby rb php perl pl r julia swift lua powershell ps1 pwsh bat cmd batch sql haskell matlab octave';
    for (const t of programming.split(' ')) expect(isProgrammingLanguage(t), t).toBe(true);
  });

  it('treats plain tags and shell dialects as non-programming', () => {
    const plain =
      'zsh fish console shell-session text output markdown md json yaml yml csv tsv html xml toml ini diff log plaintext txt';
    for (const t of plain.split(' ')) expect(isProgrammingLanguage(t), t).toBe(false);
    expect(isProgrammingLanguage('python')).toBe(false);
    expect(isProgrammingLanguage('sh')).toBe(false);
    expect(isProgrammingLanguage('')).toBe(false);
  });
});

describe('classifyUntagged', () => {
  it.each([
    'pip install pandas',
    'pip3 install -r requirements.txt',
    'python3 script.py',
    'python script.py --out x.csv',
    'python -m venv .venv',
    'python --version',
    '  pip install x',
    '\n\npip install x\npython x.py',
  ])('%j is a shell command', (code) => {
    expect(classifyUntagged(code)).toBe('sh');
  });

  it.each([
    'python = 3',
    'python -= 1',
    'python.version',
    'pip(x)',
    'pipeline = load()',
    'python_path = "/usr/bin"',
    'python in names',
    'python',
  ])('%j is Python, not a command', (code) => {
    expect(classifyUntagged(code)).toBe('python');
  });

  it('classifies Python, prose and nothing', () => {
    expect(classifyUntagged('import pandas as pd\ndf = pd.read_csv("x.csv")\nprint(df.head())')).toBe(
      'python',
    );
    expect(classifyUntagged('This is the output of the analysis.')).toBeNull();
    expect(classifyUntagged('')).toBeNull();
    expect(classifyUntagged('  \n\t\n')).toBeNull();
    expect(classifyUntagged('# just a comment')).toBeNull();
    expect(classifyUntagged('\n\nx = 1\n')).toBe('python');
  });

  it('rejects an indented first line even though lezer accepts it', () => {
    expect(classifyUntagged('    x = 1')).toBeNull();
    expect(classifyUntagged('\tx = 1')).toBeNull();
    expect(classifyUntagged('\n   x = 1\n')).toBeNull();
    // CPython ignores comment-only lines for indentation, and so do we.
    expect(classifyUntagged('  # comment\nx = 1')).toBe('python');
  });
});

// Snippets on which the lezer-based classifier and CPython's ast.parse agree.
const CORPUS = [
  "print('hello')",
  'import numpy as np\nx = np.arange(3)\nprint(x.sum())',
  'for i in range(3):\n    print(i)\n',
  'def f(a, b=2, *args, **kw):\n    return a + b\n',
  'class A:\n    def m(self):\n        pass\n',
  'x: int = 3',
  'async def f():\n    await g()\n',
  "with open('f') as fh:\n    data = fh.read()\n",
  'try:\n    1/0\nexcept ZeroDivisionError as e:\n    print(e)\nfinally:\n    pass\n',
  'match cmd:\n    case [x, y]:\n        pass\n    case _:\n        pass\n',
  "print(f'{x!r:>10}')",
  '(y := 10)',
  '  # indented comment\nx = 1',
  'a = [1,\n     2,\n]',
  'total = 1 + \\\n    2',
  'lambda x: x * 2',
  '{"a": 1, "b": [1, 2]}',
  'ls -la',
  'from . import x',
  'return 5',
  'Here is the result of the analysis.',
  'The answer is 42',
  'pip install pandas',
  'python3 script.py',
  '  x = 1',
  '\tprint(1)',
  'def f():\nreturn 1',
  'if x:\npass',
  'x = (1, 2',
  'f(**)',
  'x := 1',
  'a if b',
  'print(x) y',
  'x = 10L',
  'x = `y`',
  'else:\n    pass',
  'SELECT * FROM t;',
  'Output:\n  1 2 3',
];

// Where lezer and CPython disagree. `lezer` is our verdict, `cpython` the interpreter's.
const KNOWN_DIVERGENCES: { code: string; lezer: boolean; cpython: boolean }[] = [
  { code: "print 'x'", lezer: true, cpython: false }, // lezer's grammar has a Python 2 print statement
  { code: 'print x', lezer: true, cpython: false },
  { code: 'x = 1\n  y = 2', lezer: true, cpython: false }, // unexpected indent inside the body
  { code: 'if True:\n    x\n   y', lezer: true, cpython: false }, // inconsistent dedent
  { code: 'try:\n    pass', lezer: true, cpython: false }, // try without except/finally
  { code: "raise E, 'm'", lezer: true, cpython: false },
  { code: 'x = 0777', lezer: true, cpython: false },
  { code: 'a = yield', lezer: false, cpython: true }, // rare valid forms lezer rejects: not run
  { code: 'lambda: (yield)', lezer: false, cpython: true },
];

describe.skipIf(!existsSync(PYTHON))('classifyUntagged vs CPython ast.parse', () => {
  it('agrees on the corpus', () => {
    const expected = cpythonParses(CORPUS);
    const actual = CORPUS.map((code) => classifyUntagged(code) === 'python');
    const mismatches = CORPUS.filter((_, i) => actual[i] !== expected[i]);
    expect(mismatches).toEqual([]);
    // The corpus exercises both verdicts.
    expect(expected.filter(Boolean).length).toBeGreaterThan(10);
    expect(expected.filter((ok) => !ok).length).toBeGreaterThan(10);
  });

  it('has exactly the documented divergences', () => {
    const cpython = cpythonParses(KNOWN_DIVERGENCES.map((d) => d.code));
    KNOWN_DIVERGENCES.forEach((d, i) => {
      expect(isValidPython(d.code), d.code).toBe(d.lezer);
      expect(cpython[i], d.code).toBe(d.cpython);
    });
  });
});
