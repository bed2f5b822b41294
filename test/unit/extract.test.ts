import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { extractCodeBlocks, planExecution } from '../../electron/core/exec/extract';
import { runExtract } from '../../electron/core/cli/extract';
import type { CliIO } from '../../electron/core/cli/io';

const F = '```';

function only(markdown: string) {
  const blocks = extractCodeBlocks(markdown);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

describe('extractCodeBlocks: fences', () => {
  it('reads a backtick fence with its language, tag and offsets', () => {
    const md = `Intro\n\n${F}python\nprint(1)\n${F}\n\nOutro`;
    const b = only(md);
    expect(b).toEqual({
      language: 'python',
      tag: 'python',
      code: 'print(1)',
      runnable: true,
      fenced: true,
      start: 7,
      end: 7 + `${F}python\nprint(1)\n${F}`.length,
    });
    expect(md.slice(b.start, b.end)).toBe(`${F}python\nprint(1)\n${F}`);
  });

  it('reads tilde fences of length 3 and 5', () => {
    expect(only('~~~py\nx = 1\n~~~').code).toBe('x = 1');
    const b = only('~~~~~python\nx = 2\n~~~~~\n');
    expect([b.language, b.code, b.runnable]).toEqual(['python', 'x = 2', true]);
  });

  it('keeps a shorter inner fence inside a 5-backtick fence', () => {
    const b = only(`\`\`\`\`\`markdown\nExample:\n${F}python\nx = 1\n${F}\n\`\`\`\`\`\n`);
    expect(b.code).toBe(`Example:\n${F}python\nx = 1\n${F}`);
    expect([b.language, b.runnable]).toEqual(['markdown', false]);
  });

  it('keeps ``` lines inside a ~~~ fence', () => {
    const b = only(`~~~python\ns = """\n${F}\n"""\nprint(s)\n~~~`);
    expect(b.code).toBe(`s = """\n${F}\n"""\nprint(s)`);
    expect(b.runnable).toBe(true);
  });

  it('takes the first word of the info string as the language; the rest is meta', () => {
    const b = only(`${F}python title="x" {linenos}\nprint(2)\n${F}`);
    expect([b.language, b.tag, b.runnable]).toEqual(['python', 'python', true]);
    expect(only(`${F}  bash  extra\nls\n${F}`).language).toBe('sh');
  });

  it.each(['PYTHON', 'Py', 'python3', 'Python3'])('normalises %s to python, keeping the raw tag', (tag) => {
    const b = only(`${F}${tag}\nprint(1)\n${F}`);
    expect([b.language, b.tag, b.runnable]).toEqual(['python', tag, true]);
  });

  it.each(['sh', 'bash', 'Shell', 'BASH'])('normalises %s to sh', (tag) => {
    expect(only(`${F}${tag}\necho hi\n${F}`)).toMatchObject({ language: 'sh', runnable: true });
  });

  it('strips 1–3 spaces of fence indentation from the content', () => {
    for (const n of [1, 2, 3]) {
      const pad = ' '.repeat(n);
      const b = only(`${pad}${F}python\n${pad}if x:\n${pad}    y = 1\n${pad}${F}`);
      expect(b.code).toBe('if x:\n    y = 1');
      expect(b.fenced).toBe(true);
    }
  });

  it('treats 4-space indentation as an indented code block (untagged)', () => {
    const b = only('Text:\n\n    x = 1\n    print(x)\n');
    expect(b).toMatchObject({
      tag: '',
      code: 'x = 1\nprint(x)',
      fenced: false,
      language: 'python',
      runnable: true,
    });
    expect(only(`    ${F}python\n    x = 1\n    ${F}`)).toMatchObject({
      fenced: false,
      code: `${F}python\nx = 1\n${F}`,
    });
  });

  it('does not see 4-space lines right after a paragraph as code (lazy continuation)', () => {
    expect(extractCodeBlocks('Text\n    x = 1\n')).toEqual([]);
  });

  it('normalises CRLF to LF and still detects the language', () => {
    const b = only(`Intro\r\n\r\n${F}Python\r\nx = 1\r\nprint(x)\r\n${F}\r\n`);
    expect([b.language, b.code, b.runnable]).toEqual(['python', 'x = 1\nprint(x)', true]);
    expect(only('    a = 1\r\n    b = 2\r\n').code).toBe('a = 1\nb = 2');
  });

  it('runs an unclosed fence to the end of the document', () => {
    const b = only(`Let me run:\n\n${F}python\nprint(1)\n\nprint(2)\n`);
    expect(b.code).toBe('print(1)\n\nprint(2)');
    expect(b.runnable).toBe(true);
  });

  it('ends an unclosed fence inside a blockquote at the end of the quote', () => {
    const b = only(`> ${F}python\n> x = 1\n\nafter`);
    expect(b.code).toBe('x = 1');
  });

  it('does not run an empty or whitespace-only block, whatever its tag', () => {
    expect(only(`${F}python\n${F}`)).toMatchObject({ code: '', language: 'python', runnable: false });
    expect(only(`${F}sh\n   \n${F}`).runnable).toBe(false);
    expect(only(`${F}\n${F}`)).toMatchObject({ language: '', runnable: false });
  });

  it('does not treat a backtick line with a backtick in its info string as a fence', () => {
    // "```py`x" is a paragraph; the next ``` opens an (unclosed, empty) fence.
    const b = only(`${F}py\`x\nprint(1)\n${F}\n`);
    expect(b).toMatchObject({ code: '', tag: '', runnable: false, start: 17 });
  });
});

describe('extractCodeBlocks: containers', () => {
  it('finds fences in unordered and ordered lists', () => {
    const md = `- step one:\n\n  ${F}python\n  a = 1\n  ${F}\n\n1. step two:\n   ${F}sh\n   echo hi\n   ${F}\n`;
    expect(extractCodeBlocks(md).map((b) => [b.language, b.code])).toEqual([
      ['python', 'a = 1'],
      ['sh', 'echo hi'],
    ]);
  });

  it('finds fences in blockquotes and nested containers', () => {
    const md = [
      `> ${F}python`,
      '> q = 1',
      `> ${F}`,
      '',
      '- outer',
      '  > inner quote',
      `  > ${F}py`,
      '  > n = 2',
      `  > ${F}`,
      '',
      '  1. nested',
      '',
      `     ${F}python`,
      '     if n:',
      '         m = 3',
      `     ${F}`,
    ].join('\n');
    expect(extractCodeBlocks(md).map((b) => b.code)).toEqual(['q = 1', 'n = 2', 'if n:\n    m = 3']);
  });
});

describe('extractCodeBlocks: untagged blocks', () => {
  it.each([
    ['import math\nprint(math.pi)', 'python', true],
    ['The model found three outliers in the data.', '', false],
    ['pip install seaborn', 'sh', true],
    ['python3 x.py', 'sh', true],
    ['   \n', '', false],
  ])('%j → %j', (code, language, runnable) => {
    const b = only(`${F}\n${code}\n${F}`);
    expect([b.language, b.tag, b.runnable]).toEqual([language, '', runnable]);
  });
});

describe('planExecution', () => {
  it('runs python and sh, skips json/text/output and does not report them', () => {
    const md = `${F}json\n{"a": 1}\n${F}\n\n${F}text\nhello\n${F}\n\n${F}output\n42\n${F}\n`;
    expect(planExecution(md)).toEqual({ blocks: [], unsupported: null });
  });

  it('reports a message whose only code is js', () => {
    const plan = planExecution(`Run this:\n\n${F}js\nconsole.log(1)\n${F}\n`);
    expect(plan).toEqual({ blocks: [], unsupported: 'unsupported language javascript' });
  });

  it('names the first unsupported language', () => {
    const md = `${F}text\nx\n${F}\n\n${F}rust\nfn main() {}\n${F}\n\n${F}js\n1\n${F}\n`;
    expect(planExecution(md).unsupported).toBe('unsupported language rust');
  });

  it('ignores js when python is present', () => {
    const plan = planExecution(`${F}python\nprint(1)\n${F}\n\n${F}js\nconsole.log(1)\n${F}\n`);
    expect(plan.unsupported).toBeNull();
    expect(plan.blocks.map((b) => b.code)).toEqual(['print(1)']);
  });

  it('is empty and null for a message without code', () => {
    expect(planExecution('Just prose, `inline code` is not a block.')).toEqual({
      blocks: [],
      unsupported: null,
    });
  });

  it('preserves document order across mixed blocks', () => {
    const md = [
      `${F}sh\npip install x\n${F}`,
      `${F}json\n{}\n${F}`,
      `~~~python\na = 1\n~~~`,
      `${F}\npython3 run.py\n${F}`,
      `    b = 2`,
      `${F}js\nlet c\n${F}`,
      `${F}PY\nprint(a)\n${F}`,
    ].join('\n\n');
    const all = extractCodeBlocks(md);
    expect(all.map((b) => b.language)).toEqual([
      'sh',
      'json',
      'python',
      'sh',
      'python',
      'javascript',
      'python',
    ]);
    expect(all.map((b) => b.start)).toEqual([...all.map((b) => b.start)].sort((x, y) => x - y));
    const plan = planExecution(md);
    expect(plan.blocks.map((b) => b.code)).toEqual([
      'pip install x',
      'a = 1',
      'python3 run.py',
      'b = 2',
      'print(a)',
    ]);
    expect(plan.unsupported).toBeNull();
  });
});

function memoryIO(input = ''): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdin: Readable.from([Buffer.from(input, 'utf8')]),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  };
  return { io, out: () => out, err: () => err };
}

const MESSAGE = `Here:\n\n${F}python\nprint('héllo')\n${F}\n\n${F}\nplain words here\n${F}\n`;

describe('runExtract', () => {
  it('prints a header and the code of each block', async () => {
    const t = memoryIO(MESSAGE);
    expect(await runExtract([], t.io)).toBe(0);
    expect(t.out()).toBe(
      "--- block 1: python (runnable)\nprint('héllo')\n--- block 2: untagged (not runnable)\nplain words here\n",
    );
    expect(t.err()).toBe('');
  });

  it('prints JSON with exactly language, code and runnable', async () => {
    const t = memoryIO(MESSAGE);
    expect(await runExtract(['--json', '-'], t.io)).toBe(0);
    const rows = JSON.parse(t.out()) as unknown[];
    expect(rows).toEqual([
      { language: 'python', code: "print('héllo')", runnable: true },
      { language: '', code: 'plain words here', runnable: false },
    ]);
    expect(t.out()).toBe(`${JSON.stringify(rows, null, 2)}\n`);
  });

  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-extract-'));
    try {
      const file = join(dir, 'msg.md');
      writeFileSync(file, `\uFEFF${F}bash\nls\n${F}\n`);
      const t = memoryIO();
      expect(await runExtract([file, '--json'], t.io)).toBe(0);
      expect(JSON.parse(t.out())).toEqual([{ language: 'sh', code: 'ls', runnable: true }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help', async () => {
    const t = memoryIO();
    expect(await runExtract(['--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^usage: plotwright extract/);
    expect(await runExtract(['-h'], memoryIO().io)).toBe(0);
  });

  it.each([[['--yaml']], [['-x']], [['a.md', 'b.md']], [['--json=yes']]])(
    'rejects %j with exit 2',
    async (argv) => {
      const t = memoryIO();
      expect(await runExtract(argv, t.io)).toBe(2);
      const lines = t.err().trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^plotwright extract: /);
      expect(lines[1]).toBe('usage: plotwright extract [--json] [FILE|-]');
      expect(t.out()).toBe('');
    },
  );

  it('fails with exit 1 and one line for a missing file', async () => {
    const t = memoryIO();
    expect(await runExtract(['/nonexistent/msg.md'], t.io)).toBe(1);
    expect(t.err()).toBe('plotwright extract: cannot read /nonexistent/msg.md: no such file\n');
    expect(t.out()).toBe('');
  });
});
