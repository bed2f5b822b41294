// The traced answer in reports: marks on the final answer's figures, the unsupported ones listed
// at the top, "All figures were computed…" only when every figure was found. Report block numbers
// count every block (a rejected one too), so a mark names the block as the report shows it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation, Message } from '../../electron/model/agent/conversation';
import { traceAnswer } from '../../electron/core/answer/trace';
import { renderHtml } from '../../electron/core/report/html';
import { renderMarkdown } from '../../electron/core/report/markdown';
import { renderNotebook } from '../../electron/core/report/notebook';
import { HELPERS_PRELUDE } from '../../electron/core/report/replay';
import { renderScript } from '../../electron/core/report/script';
import { fakeResult, syntheticContext } from '../support/report-fixture';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-report-answer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = '2026-03-01T10:00:00.000Z';

const first: AssistantMessage = {
  id: 'a1',
  role: 'assistant',
  at,
  content: 'Totals.\n\n```python\nimport os\n```\n\n```python\nprint(totals)\n```',
  blocks: [
    { index: 0, language: 'python', code: 'import os', status: 'rejected', feedback: 'no' },
    {
      index: 1,
      language: 'python',
      code: 'print(totals)',
      status: 'succeeded',
      result: fakeResult({ output: 'region\nNorth 31800\nEast  18500' }),
    },
  ],
};

function withAnswer(answer: string) {
  const final: AssistantMessage = {
    id: 'a2',
    role: 'assistant',
    at,
    content: `North: **31,800**.\n\n\`\`\`python\nprint('West', 20600)\n\`\`\`\n\n${answer}\n\nTERMINATE`,
    blocks: [
      {
        index: 0,
        language: 'python',
        code: "print('West', 20600)",
        status: 'succeeded',
        result: fakeResult({ output: 'West 20600' }),
      },
    ],
  };
  const messages: Message[] = [{ id: 'u1', role: 'user', content: 'Revenue by region?', at }, first, final];
  const ctx = syntheticContext(tmp, messages);
  const trace = traceAnswer(ctx.conversation, { answered: true });
  const conversation: Conversation = { ...ctx.conversation, answer: trace, answers: { a2: trace } };
  return { ...ctx, conversation };
}

describe('an answer with an invented figure', () => {
  const ctx = withAnswer('West 20,600; East $26,700.');

  it('HTML: each figure marked and linked to its output line, the invented one flagged and listed first', () => {
    const html = renderHtml(ctx);
    const answer = html.slice(
      html.indexOf('<section class="answer"'),
      html.indexOf('<section class="steps"'),
    );
    expect(answer).toMatch(
      /^<section class="answer" id="answer" aria-label="Answer"><h2>Answer<\/h2><aside class="notice warning answer-check">⚠ 1 figure in this answer was not found in any output: \$26,700\.<\/aside><div class="prose">/,
    );
    expect(answer).toContain(
      '<strong><span class="claim supported" title="from block 2, line 2">31,800<sup class="claim-ref"><a href="#block-2-line-2">[B2:L2]</a></sup></span></strong>',
    );
    expect(answer).toContain(
      '<span class="claim supported" title="from block 3, line 1">20,600<sup class="claim-ref"><a href="#block-3-line-1">[B3:L1]</a></sup></span>',
    );
    expect(answer).toContain(
      '<span class="claim unsupported" title="not found in any output">$26,700<sup class="claim-flag">⚠ not found</sup></span>',
    );
    // the links land on the cited lines of the appendix's full outputs (block 1 is the rejected one)
    expect(html).toContain(
      '<pre>region\n<span class="cited" id="block-2-line-2">North 31800</span>\nEast  18500</pre>',
    );
    expect(html.indexOf('id="block-2-line-2"')).toBeGreaterThan(html.indexOf('<section class="appendix"'));
    // the answer is not repeated in the appendix, where its message's block still is
    const appendix = html.slice(html.indexOf('<section class="appendix"'));
    expect(appendix).not.toContain('$26,700');
    expect(appendix).toContain('The final answer: at the top of this report.');
    expect(html).toContain('<span class="cited" id="block-3-line-1">West 20600</span>');
    expect(html).not.toContain('All figures were computed');
  });

  it('Markdown: the same marks as text, the invented figure listed at the top of the answer', () => {
    const { markdown } = renderMarkdown(ctx);
    const answer = markdown.slice(markdown.indexOf('## Answer'), markdown.indexOf('## Steps'));
    expect(answer).toMatch(
      /^## Answer\n\n> \*\*⚠ 1 figure in this answer was not found in any output: \$26,700\.\*\*\n\nNorth: \*\*31,800 \\\[B2:L2\\\]\*\*\./,
    );
    expect(answer).toContain('West 20,600 \\[B3:L1\\]; East $26,700 \\[⚠ not found\\].');
    expect(markdown).not.toContain('All figures were computed');
  });

  it('notebook and script keep their cells and code, with the check as a note', () => {
    const nb = renderNotebook(ctx) as { cells: { cell_type: string; source: string[] }[] };
    const notes = nb.cells.filter(
      (c) => c.cell_type === 'markdown' && c.source.join('').includes('Number check'),
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]!.source.join('')).toContain(
      '31,800 \\[B2:L2\\] · 20,600 \\[B3:L1\\] · $26,700 ⚠ not found',
    );
    expect(nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''))).toEqual([
      HELPERS_PRELUDE.trimEnd(),
      'print(totals)',
      "print('West', 20600)",
    ]);
    const script = renderScript(ctx);
    expect(script).toContain('    1 figure in this answer was not found in any output: $26,700.');
    expect(script).toContain("print('West', 20600)");
  });
});

describe('an answer whose figures were all found', () => {
  const ctx = withAnswer('West 20,600.');

  it('says so, in HTML and Markdown, with no list of missing figures', () => {
    const html = renderHtml(ctx);
    expect(html).toContain(
      '<p class="answer-verified">✓ All figures were computed by the code in this conversation.</p>',
    );
    expect(html).not.toContain('class="notice warning answer-check"');
    const { markdown } = renderMarkdown(ctx);
    expect(markdown).toContain('*✓ All figures were computed by the code in this conversation.*');
    expect(markdown).not.toContain('not found');
  });

  it('says nothing of the kind for an answer without figures, or a conversation never traced', () => {
    const none = withAnswer('Done.');
    const noFigures = {
      ...none,
      conversation: {
        ...none.conversation,
        answer: { ...none.conversation.answer!, claims: [] },
        answers: { a2: { ...none.conversation.answer!, claims: [] } },
      },
    };
    expect(renderHtml(noFigures)).not.toContain('All figures were computed');
    const untraced = { ...ctx, conversation: { ...ctx.conversation, answer: undefined, answers: undefined } };
    const html = renderHtml(untraced);
    expect(html).not.toMatch(/class="(?:claim |notice warning answer-check"|answer-verified"|cited")/);
  });
});
