// The built-in analyst on canned execution results (no Python): determinism, streaming,
// cancellation, the step sequence, self-correction, the summary, and the turn limit.
import { describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { fmtNum, mdCode, mdText } from '../../electron/core/analyst/format';
import { pyStr } from '../../electron/core/analyst/py';
import { extractCodeBlocks, planExecution } from '../../electron/core/exec/extract';
import { ModelError } from '../../electron/model/llm/types';
import { assistant, col, fail, happy, ok, overview, play, profile, stepOf } from '../support/analyst-canned';

describe('BuiltinAnalyst', () => {
  it('describes itself as the built-in model', () => {
    expect(new BuiltinAnalyst({ profile }).info).toEqual({
      kind: 'builtin',
      model: 'built-in analyst',
      endpoint: null,
      contextTokens: 1_000_000,
    });
  });

  it('runs the steps in order, one python block each, and ends with a summary', async () => {
    const said = assistant(await play(happy));
    expect(said.map(stepOf)).toEqual([
      'overview',
      'lookup',
      'answer',
      'describe',
      'totals',
      'trend',
      'extremes',
      'correlations',
      'summary',
    ]);
    for (const message of said.slice(0, -1)) {
      const blocks = extractCodeBlocks(message);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ language: 'python', runnable: true });
    }
    expect(extractCodeBlocks(said.at(-1) ?? 'x')).toHaveLength(0);
    const first = said[0] ?? '';
    expect(first).toContain('You asked: “What is the revenue by region?”');
    expect(planExecution(first).blocks[0]?.code).toContain(
      "import pandas as pd\n\ndf = pd.read_csv('sales.csv')\n",
    );
    // The question is looked up in the data, then answered by code that groups by region.
    const lookup = planExecution(said[1] ?? '').blocks[0]?.code ?? '';
    expect(lookup).toContain("    'by region',\n");
    expect(lookup).toContain("named = ['region', 'revenue']");
    expect(planExecution(said[2] ?? '').blocks[0]?.code).toContain(
      "_pw_g, _pw_also = _pw_groups(_pw['region'])\n_pw_n = _pw.groupby(_pw_g, observed=True).size()\n" +
        "_pw_s = pd.to_numeric(_pw['revenue'], errors='coerce').groupby(_pw_g, observed=True).agg('sum')",
    );
    expect(said[2]).toContain('Next, compute the total `revenue` by `region`.');
    // The question mentions region: it comes first.
    expect(said[4]).toContain("categories = ['region', 'product']");
  });

  it('summarises the figures from the results, formatted', async () => {
    const summary = assistant(await play(happy)).at(-1) ?? '';
    expect(summary).toMatch(/\nTERMINATE$/);
    for (const text of [
      'Widget Pro: 73,300 over 6 rows (mean 12,216.67)',
      'Gadget Lite: 17,800 over 4 rows (mean 4,450)',
      'North: 31,800 over 3 rows',
      'East: 18,500 over 2 rows',
      '2026-01: 25,600; 2026-02: 29,300; 2026-03: 36,200',
      'The highest month is 2026-03 (36,200)',
      'total 91,100',
      'r = 0.91 (strong, positive)',
      '10 rows × 5 columns',
      'No missing values',
    ]) {
      expect(summary).toContain(text);
    }
    // The answer comes first, then the overview; the summary no longer claims its own provenance.
    expect(
      summary.startsWith(
        '**Answer:** The total `revenue` by `region`: North 31,800; West 20,600; South 20,200; East 18,500.\n',
      ),
    ).toBe(true);
    expect(summary.indexOf('## Summary')).toBeGreaterThan(summary.indexOf('**Answer:**'));
    expect(summary).not.toContain('All figures above');
  });

  it('is deterministic: same conversation → same messages, whatever the instance', async () => {
    const a = assistant(await play(happy));
    const b = assistant(await play(happy, undefined, new BuiltinAnalyst({ profile })));
    expect(b).toEqual(a);
    const messages = await play(happy);
    const analyst = new BuiltinAnalyst({ profile });
    for (let i = 2; i <= messages.length; i++) {
      if (messages[i]?.role !== 'assistant') continue;
      expect((await analyst.complete(messages.slice(0, i))).content).toBe(messages[i]?.content);
    }
  });

  it('streams the message in pieces through onToken', async () => {
    const pieces: string[] = [];
    const { content } = await new BuiltinAnalyst({ profile }).complete([{ role: 'user', content: '' }], {
      onToken: (t) => pieces.push(t),
    });
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(content);
    expect(content).not.toContain('You asked');
  });

  it('honours the abort signal, before and during streaming', async () => {
    const analyst = new BuiltinAnalyst({ profile });
    const before = new AbortController();
    before.abort();
    await expect(analyst.complete([], { signal: before.signal })).rejects.toMatchObject({
      name: 'ModelError',
      kind: 'cancelled',
    });
    const during = new AbortController();
    let seen = 0;
    const promise = analyst.complete([{ role: 'user', content: 'q' }], {
      signal: during.signal,
      onToken: () => {
        if (++seen === 3) during.abort();
      },
    });
    await expect(promise).rejects.toBeInstanceOf(ModelError);
    expect(seen).toBe(3);
  });

  it('retries a failed step in a safer form, then skips it if that fails too', async () => {
    const said = assistant(
      await play((step) =>
        step === 'totals'
          ? fail(
              1,
              'Traceback (most recent call last):',
              "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
            )
          : happy(step),
      ),
    );
    expect(said.map(stepOf)).toEqual([
      'overview',
      'lookup',
      'answer',
      'describe',
      'totals',
      'totals',
      'trend',
      'extremes',
      'correlations',
      'summary',
    ]);
    const retry = said[5] ?? '';
    expect(retry).toContain(
      "The totals by category step failed: `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.",
    );
    const code = planExecution(retry).blocks[0]?.code ?? '';
    expect(code).toContain("df[c] = pd.to_numeric(df[c], errors='coerce')");
    expect(code).not.toContain('chart(');
    expect(code).toContain("measures = ['revenue']");
    expect(said[6]).toMatch(
      /^The safer totals by category step failed too \(`TypeError: .*`\), so I'm skipping it\./,
    );
    expect(said.at(-1)).toContain('**Not completed:** the totals by category step (it failed twice');
  });

  it('reloads the data after a timeout lost the kernel state', async () => {
    const lost =
      'Timeout: the block ran longer than 60 s and was stopped; the kernel was restarted and its state (variables, loaded data) was lost.';
    const said = assistant(await play((step, _m, turn) => (turn === 5 ? fail(124, lost) : happy(step))));
    expect(said.map(stepOf).slice(2, 7)).toEqual(['answer', 'describe', 'totals', 'totals', 'trend']);
    const retry = planExecution(said[5] ?? '').blocks[0]?.code ?? '';
    expect(retry.startsWith('# The kernel lost its state')).toBe(true);
    expect(retry).toContain("df = pd.read_csv('sales.csv')");
    expect(retry).toContain("for c in ['date']:\n        df[c] = pd.to_datetime(df[c], errors='coerce')");
    expect(retry.indexOf("print(f'Reloaded the data")).toBeLessThan(
      retry.indexOf("categories = ['region', 'product']"),
    );
    // the helpers come from the kernel's prelude: no helper import in the shown code
    expect(retry).not.toMatch(/from plotwright|_pw_result/);
    expect(said[5]).toContain('after loading the data again since the kernel lost its state');
    // The step after the reload does not reload again.
    expect(planExecution(said[6] ?? '').blocks[0]?.code).not.toContain('read_csv');
  });

  it('reloads and re-runs the same step when the kernel no longer has df', async () => {
    const said = assistant(
      await play((step, _m, turn) =>
        turn === 4 ? fail(1, 'Traceback…', "NameError: name 'df' is not defined") : happy(step),
      ),
    );
    expect(said.map(stepOf).slice(2, 6)).toEqual(['answer', 'describe', 'describe', 'totals']);
    expect(said[4]).toMatch(/^The kernel no longer has the data \(`NameError: name 'df' is not defined`\)/);
    const code = planExecution(said[4] ?? '').blocks[0]?.code ?? '';
    expect(code).toContain("df = pd.read_csv('sales.csv')");
    expect(code).not.toContain("to_numeric(df[c], errors='coerce')\nstats"); // same (normal) variant
  });

  it('reloads in every step once it sees the kernel keeps nothing between blocks', async () => {
    const said = assistant(
      await play((step, message, turn) =>
        turn > 1 && !message.includes('read_csv')
          ? fail(1, "NameError: name 'df' is not defined")
          : happy(step),
      ),
    );
    expect(said.map(stepOf)).toEqual([
      'overview',
      'lookup',
      'lookup',
      'answer',
      'answer',
      'describe',
      'totals',
      'trend',
      'extremes',
      'correlations',
      'summary',
    ]);
    expect(said[5]).toContain('This kernel keeps no variables between blocks');
    expect(said.at(-1)).toContain('Widget Pro: 73,300 over 6 rows');
  });

  it('explains a failed load in the summary and stops', async () => {
    const said = assistant(
      await play(() =>
        fail(1, 'Traceback…', "FileNotFoundError: [Errno 2] No such file or directory: 'sales.csv'"),
      ),
    );
    expect(said).toHaveLength(2);
    expect(said[1]).toContain(
      "I could not load `sales.csv`: `FileNotFoundError: [Errno 2] No such file or directory: 'sales.csv'`.",
    );
    expect(said[1]).toMatch(/TERMINATE$/);
  });

  it('never writes more than 12 messages', async () => {
    const said = assistant(
      await play((step) =>
        step === 'overview'
          ? happy(step)
          : fail(
              137,
              'The kernel died (killed by SIGKILL); the kernel was restarted and its state (variables, loaded data) was lost.',
            ),
      ),
    );
    expect(said.length).toBeLessThanOrEqual(12);
    expect(said.at(-1)).toMatch(/TERMINATE$/);
    expect(said.at(-1)).toContain('**Not completed:**');
  });

  it('moves on when a block was not run (the user answered instead)', async () => {
    const said = assistant(await play((step) => (step === 'describe' ? 'No, skip that.' : happy(step))));
    expect(said.map(stepOf).slice(2, 5)).toEqual(['answer', 'describe', 'totals']);
    expect(said[4]).toMatch(/^The numeric summary step was not run, so I'm moving on\./);
  });

  it('skips the analysis steps without measures but still summarises', async () => {
    const said = assistant(
      await play((step) =>
        step === 'overview'
          ? ok(overview({ measures: [], categories: ['product'], dates: [] }))
          : happy(step),
      ),
    );
    // The question names `revenue`, which is no longer a measure here: it declines, then summarises.
    expect(said.map(stepOf)).toEqual(['overview', 'lookup', 'summary']);
    expect(said[2]).toMatch(/^I can't answer that from this file: /);
    expect(said[2]).toContain('There is no numeric column to add up');
  });

  it('keeps hostile names inert: quoted literals in code, code spans in prose, one block', async () => {
    const names = [
      `a"b'c\\n`,
      "__import__('os').system('x')",
      '```python\nprint(1)\n```',
      '    import os',
      'R€gion 💰',
    ];
    const hostile = overview({
      columns: names.map((n) => col(n, 'object', 3)),
      measures: [names[0], names[1]],
      categories: [names[2], names[3], names[4]],
      dates: [],
    });
    const said = assistant(
      await play((step) =>
        step === 'overview'
          ? ok(hostile)
          : step === 'totals'
            ? ok({
                step: 'totals',
                charts: 0,
                tables: [
                  {
                    measure: names[0],
                    category: names[2],
                    groups: 1,
                    rows: [['\n```python\nevil()\n```', 1, 1, 1]],
                  },
                ],
              })
            : ok({ step }),
      ),
    );
    for (const message of said) {
      const blocks = extractCodeBlocks(message);
      expect(blocks.length).toBeLessThanOrEqual(1);
      if (blocks[0]) expect(blocks[0].tag).toBe('python');
    }
    const code = planExecution(said.find((m) => stepOf(m) === 'totals') ?? '').blocks[0]?.code ?? '';
    for (const name of names) expect(code).toContain(pyStr(name));
    expect(code).not.toContain("('os')");
    expect(said.at(-1)).toContain('\\`\\`\\`python evil() \\`\\`\\`');
  });
});

describe('formatting', () => {
  it('formats numbers with separators and at most 2 decimals', () => {
    expect(fmtNum(73300)).toBe('73,300');
    expect(fmtNum(12216.666666)).toBe('12,216.67');
    expect(fmtNum(4450)).toBe('4,450');
    expect(fmtNum(0.5)).toBe('0.5');
    expect(fmtNum(-1234567.891)).toBe('-1,234,567.89');
    expect(fmtNum(0.001)).toBe('< 0.01');
    expect(fmtNum(-0.001)).toBe('> -0.01');
    expect(fmtNum(0)).toBe('0');
    expect(fmtNum(null)).toBe('n/a');
    expect(fmtNum(Number.NaN)).toBe('n/a');
  });

  it('makes data inert in Markdown', () => {
    expect(mdText('Widget Pro')).toBe('Widget Pro');
    expect(mdText('a\n```python\nx\n```')).toBe('a \\`\\`\\`python x \\`\\`\\`');
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('1. first')).toBe('1\\. first');
    expect(mdText('<img src=x>')).toBe('\\<img src=x\\>');
    expect(mdText('[a](http://x)')).toBe('\\[a\\](http://x)');
    expect(mdText('    indented')).toBe('indented');
    expect(mdText('')).toBe('(empty)');
    expect(mdText('x'.repeat(100))).toHaveLength(80);
    expect(mdCode('revenue')).toBe('`revenue`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a\nb')).toBe('`a b`');
  });
});
