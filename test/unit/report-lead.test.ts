// Reports lead with the answer: question → answer (unsupported figures listed first) → key
// figures → steps in short → appendix (code, full outputs, provenance). Without a traced answer
// they say plainly why there is none. Old outputs' machine lines never show, and the marks
// still land on the right (renumbered) lines.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation, Message } from '../../electron/model/agent/conversation';
import { traceAnswer } from '../../electron/core/answer/trace';
import type { ChartSpec } from '../../electron/model/charts/spec';
import { renderHtml } from '../../electron/core/report/html';
import { renderMarkdown } from '../../electron/core/report/markdown';
import { renderNotebook } from '../../electron/core/report/notebook';
import { renderScript } from '../../electron/core/report/script';
import { visibleCode } from '../../electron/model/exec/visible-output';
import { firstSentence, shortOutput, shownOutput } from '../../electron/core/report/steps';
import { fakeResult, syntheticContext } from '../support/report-fixture';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-report-lead-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = '2026-03-01T10:00:00.000Z';

const chart: ChartSpec = {
  version: 1,
  kind: 'bar',
  title: 'Revenue by region',
  x: 'region',
  series: [{ key: 'revenue', label: 'revenue' }],
  data: [
    { region: 'North', revenue: 31800 },
    { region: 'East', revenue: 18500 },
  ],
};

const RESULT_LINE = 'PLOTWRIGHT-RESULT {"tables":[],"step":"totals"}';
const CHART_LINE = '<chart: Revenue by region (bar, 2 points)>';
const longOutput = Array.from({ length: 30 }, (_, i) => `row ${i + 1}`).join('\n');

/** Three steps; the second's output holds an old sandbox's machine lines before the cited totals. */
function messages(): Message[] {
  const step1: AssistantMessage = {
    id: 'a1',
    role: 'assistant',
    at,
    content: 'I will look.\n\nFirst, load the data and count the rows.\n\n```python\nprint(df)\n```',
    blocks: [
      {
        index: 0,
        language: 'python',
        code: 'print(df)',
        status: 'succeeded',
        result: fakeResult({ output: longOutput }),
      },
    ],
  };
  const step2: AssistantMessage = {
    id: 'a2',
    role: 'assistant',
    at,
    content:
      'Loaded.\n\nNext, totals of `revenue` by **region**: sum per group.\n\n```python\nfrom plotwright import result as _pw_result\nprint(totals)\n_pw_result("totals", {})\n```',
    blocks: [
      {
        index: 0,
        language: 'python',
        code: 'from plotwright import result as _pw_result\nprint(totals)\n_pw_result("totals", {})',
        status: 'succeeded',
        result: fakeResult({
          output: `${CHART_LINE}\nregion\nNorth 31800\nEast  18500\n${RESULT_LINE}\n`,
          charts: [chart],
        }),
      },
    ],
  };
  const final: AssistantMessage = {
    id: 'a3',
    role: 'assistant',
    at,
    content: '## Summary\n\nNorth leads with 31,800; East has $26,700.\n\nTERMINATE',
    blocks: [],
  };
  return [{ id: 'u1', role: 'user', content: 'Which region sells most?', at }, step1, step2, final];
}

function traced(over: Partial<Conversation> = {}) {
  const ctx = syntheticContext(tmp, messages(), over);
  const trace = traceAnswer(ctx.conversation, { answered: true });
  return { ...ctx, conversation: { ...ctx.conversation, answer: trace, answers: { a3: trace } } };
}

/** Positions of each needle in `text`, which must all be found, in this order. */
function expectInOrder(text: string, needles: string[]) {
  const at = needles.map((n) => text.indexOf(n));
  at.forEach((i, k) => expect(i, needles[k]).toBeGreaterThanOrEqual(0));
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}

describe('an analysis that answered', () => {
  const ctx = traced();

  it('HTML: question, answer, key figures, main chart, steps, then the appendix', () => {
    const html = renderHtml(ctx);
    expectInOrder(html, [
      '<p class="question"><b>Question</b>Which region sells most?</p>',
      '<h2>Answer</h2><aside class="notice warning answer-check">⚠ 1 figure in this answer was not found in any output: $26,700.',
      'North leads with',
      '<h3>Key figures</h3>',
      '<span class="value">31,800</span><a class="source" href="#block-2-line-2">Step 2, line 2</a><code>North 31800</code>',
      '<figure class="chart main-chart"><figcaption>Revenue by region</figcaption>',
      '<h2>Steps</h2>',
      '<span class="num">Step 1</span> Load the data and count the rows</h3>',
      '… 18 more lines in the appendix',
      '<span class="num">Step 2</span> Totals of revenue by region</h3>',
      '<h2>Appendix</h2>',
      'row 30',
      '<h3>Provenance</h3>',
      'abababab',
    ]);
    // the plain "Summary" heading is not repeated under "Answer"
    expect(html).not.toContain('<h2>Summary</h2>');
    // the short output stops at 12 lines; the appendix has them all
    const steps = html.slice(html.indexOf('<h2>Steps</h2>'), html.indexOf('<h2>Appendix</h2>'));
    expect(steps).toContain('row 12</pre>');
    expect(steps).not.toContain('row 13');
    // the claim mark and its anchor use the line as shown (the old chart line is gone)
    expect(html).toContain('<a href="#block-2-line-2">[B2:L2]</a>');
    expect(html).toContain('<span class="cited" id="block-2-line-2">North 31800</span>');
  });

  it('an answer traced by an older version (machine lines counted) is marked on the same line', () => {
    const old = structuredClone(ctx);
    const claim = old.conversation.answer!.claims[0]!;
    expect(claim.source).toMatchObject({ kind: 'output', line: 2 });
    (claim.source as { line: number }).line = 3; // "North 31800" counting the chart line before it
    old.conversation.answers = { a3: old.conversation.answer! };
    const html = renderHtml(old);
    expect(html).toContain('<a href="#block-2-line-2">[B2:L2]</a>');
    expect(html).toContain('<span class="cited" id="block-2-line-2">North 31800</span>');
    expect(html).toContain(
      '<a class="source" href="#block-2-line-2">Step 2, line 2</a><code>North 31800</code>',
    );
  });

  it('Markdown: the same order, as text', () => {
    const { markdown } = renderMarkdown(ctx, { filesDir: 'r_files' });
    expectInOrder(markdown, [
      '> Which region sells most?',
      '## Answer\n\n> **⚠ 1 figure in this answer was not found in any output: $26,700.**',
      'North leads with 31,800 \\[B2:L2\\]',
      '### Key figures\n\n- **31,800** — step 2, line 2: `North 31800`',
      '**Main chart:** Revenue by region\n\n![Revenue by region](r_files/block-2-chart-1.svg)',
      '## Steps',
      '### Step 1 · Load the data and count the rows · ✓ succeeded',
      '*… 18 more lines in the appendix*',
      '### Step 2 · Totals of revenue by region · ✓ succeeded',
      '## Appendix',
      'row 30',
      '### Provenance',
    ]);
  });

  it('no export shows an old sandbox’s machine lines or its private result helper', () => {
    const nb = JSON.stringify(renderNotebook(ctx));
    const { markdown } = renderMarkdown(ctx);
    for (const text of [renderHtml(ctx), markdown, nb, renderScript(ctx)]) {
      expect(text).not.toContain('PLOTWRIGHT-RESULT');
      expect(text).not.toContain('<chart:');
      expect(text).not.toContain('&lt;chart:');
      expect(text).not.toContain('_pw_result');
      expect(text).toContain('record_result(');
    }
    expect(nb).toContain('"Chart: Revenue by region"');
  });
});

describe('a follow-up question', () => {
  it('leads with the latest question and its answer; the first question and answer stay in the appendix', () => {
    const first = traced();
    const followUp: Message[] = [
      ...first.conversation.messages,
      { id: 'u2', role: 'user', content: 'And East?', at },
      { id: 'a4', role: 'assistant', at, content: 'East sold 18,500.\n\nTERMINATE', blocks: [] },
    ];
    const ctx = syntheticContext(tmp, followUp);
    const trace = traceAnswer(ctx.conversation, { answered: true });
    const conversation = {
      ...ctx.conversation,
      answer: trace,
      answers: { ...first.conversation.answers, a4: trace },
    };
    const html = renderHtml({ ...ctx, conversation });
    expectInOrder(html, [
      '<p class="question"><b>Question</b>And East?</p>',
      '<h2>Answer</h2>',
      'East sold',
      '<h2>Appendix</h2>',
      '<div class="text">Which region sells most?</div>',
      'North leads with',
      'The final answer: at the top of this report.',
    ]);
    expect(html).not.toContain('<div class="text">And East?</div>');
  });
});

describe('an analysis without an answer', () => {
  const noFinal = () => messages().slice(0, 3);

  it.each([
    [{ stopReason: 'cancelled' as const }, 'No answer: the analysis was stopped after step 2.'],
    [
      { stopReason: 'error' as const, error: 'The model endpoint returned 401.' },
      'No answer: the analysis failed after step 2 (The model endpoint returned 401).',
    ],
    [
      { stopReason: 'max-turns' as const },
      'No answer: the analysis reached its limit of 10 automatic replies after step 2.',
    ],
    [
      { status: 'running' as const, stopReason: null },
      'No answer yet: the analysis was still running when this report was made (2 steps so far).',
    ],
  ])('says why, first, in every format (%o)', (over, line) => {
    const ctx = syntheticContext(tmp, noFinal(), { ...over, answer: null });
    const html = renderHtml(ctx);
    expectInOrder(html, [
      '<h2>Answer</h2>',
      `<p class="no-answer">${line}</p>`,
      '<h2>Steps</h2>',
      '<h2>Appendix</h2>',
    ]);
    expect(html).not.toContain('Key figures');
    const { markdown } = renderMarkdown(ctx);
    expectInOrder(markdown, ['## Answer', `**${line}**`, '## Steps', '## Appendix']);
    expect(JSON.stringify(renderNotebook(ctx))).toContain(line);
    expect(renderScript(ctx)).toContain(`Answer:\n    ${line}`);
  });

  it('stopped before any step ran', () => {
    const ctx = syntheticContext(tmp, messages().slice(0, 1), { stopReason: 'cancelled', answer: null });
    expect(renderHtml(ctx)).toContain('No answer: the analysis was stopped before any step ran.');
  });

  it('an old conversation, never traced: its final reply leads, with a note, and no marks', () => {
    const ctx = syntheticContext(tmp, messages());
    const html = renderHtml(ctx);
    expectInOrder(html, ['<h2>Answer</h2>', 'North leads with 31,800', 'were not checked', '<h2>Steps</h2>']);
    expect(html.slice(html.indexOf('<body>'))).not.toMatch(/class="claim |answer-check|Key figures/);
  });
});

describe('step pieces', () => {
  it('titles a step by the first sentence that introduced it', () => {
    expect(firstSentence('Next, totals of `revenue` by **region**: sum per group.')).toBe(
      'Totals of revenue by region',
    );
    expect(firstSentence('Last, how the measures move together.')).toBe('How the measures move together');
    expect(firstSentence('x '.repeat(100)).length).toBeLessThanOrEqual(110);
  });

  it('shortens outputs to 12 lines, not for two lines more', () => {
    expect(shortOutput(longOutput)).toMatchObject({ more: 18, first: 1 });
    expect(shortOutput(longOutput.split('\n').slice(0, 14).join('\n')).more).toBe(0);
    expect(shortOutput('\n\nhello').first).toBe(3);
  });

  it('maps the raw lines of an old output to the lines shown', () => {
    const shown = shownOutput(`${CHART_LINE}\na\n${RESULT_LINE}\nb`);
    expect(shown.text).toBe('a\nb');
    expect([1, 2, 3, 4].map((n) => shown.lineOf(n))).toEqual([null, 1, null, 2]);
    expect(shownOutput('a <chart: x> b').text).toBe('a <chart: x> b');
  });

  it('rewrites the old private result helper to record_result', () => {
    expect(
      visibleCode('import pandas as pd\nfrom plotwright import result as _pw_result\n_pw_result("s", {})'),
    ).toBe('import pandas as pd\nrecord_result("s", {})');
    expect(visibleCode('chart(df)')).toBe('chart(df)');
  });
});
