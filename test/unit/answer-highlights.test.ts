// What leads an analysis (answer card, reports): the question, key figures taken from the
// supported claims with the output line that shows each, and the main chart.
import { describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation, Message } from '../../electron/model/agent/conversation';
import { answerHighlights } from '../../electron/model/answer/highlights';
import { traceAnswer } from '../../electron/core/answer/trace';
import type { ChartSpec } from '../../electron/model/charts/spec';
import { blankConversation } from '../support/conversation';
import { fakeResult } from '../support/report-fixture';

const at = '2026-03-01T10:00:00.000Z';
const chart = (title: string, x = 'region', y = 'units'): ChartSpec =>
  ({
    version: 1,
    kind: 'bar',
    title,
    x,
    series: [{ key: y, label: y }],
    data: [{ region: 'North', units: 1 }],
    points: 1,
  }) as unknown as ChartSpec;

function step(id: string, output: string, charts: ChartSpec[] = []): AssistantMessage {
  return {
    id,
    role: 'assistant',
    at,
    content: 'Step.\n\n```python\nprint(1)\n```',
    blocks: [
      {
        index: 0,
        language: 'python',
        code: 'print(1)',
        status: 'succeeded',
        result: fakeResult({ output, charts }),
      },
    ],
  };
}

function conversation(answer: string, extra: Message[] = []): Conversation {
  const messages: Message[] = [
    { id: 'u1', role: 'user', content: 'Which region sold most?', at },
    step('a1', 'overview\nrows 10', [chart('Rows')]),
    step('a2', 'region  units\nNorth   31800\nWest    20600\nSouth   20200', [chart('Units by region')]),
    ...extra,
    { id: 'a3', role: 'assistant', at, content: `${answer}\n\nTERMINATE`, blocks: [] },
  ];
  const conv = { ...blankConversation(), messages };
  return { ...conv, answer: traceAnswer(conv, { answered: true }) };
}

describe('answerHighlights', () => {
  it('takes supported figures with their lines, and the chart of the block they came from', () => {
    const h = answerHighlights(conversation('North sold **31,800**, West 20,600; East $26,700.'))!;
    expect(h.question).toBe('Which region sold most?');
    expect(h.figures.map((f) => f.claim.text)).toEqual(['31,800', '20,600']);
    expect(h.figures[0]!.line).toBe('North 31800');
    expect(h.figures[1]!.source).toMatchObject({ messageId: 'a2', index: 0, line: 3 });
    expect(h.chart?.spec.title).toBe('Units by region');
    expect(h.chart).toMatchObject({ messageId: 'a2', index: 0, chart: 0 });
  });

  it('falls back to the last chart when no figure is supported, and keeps at most four figures', () => {
    const none = answerHighlights(conversation('East brought in $26,700.'))!;
    expect(none.figures).toEqual([]);
    expect(none.chart?.spec.title).toBe('Units by region');
    const many = step('a2b', 'a 1001\nb 1002\nc 1003\nd 1004\ne 1005');
    const h = answerHighlights(conversation('1001, 1002, 1003, 1004 and 1005.', [many]))!;
    expect(h.figures.map((f) => f.claim.value)).toEqual([1001, 1002, 1003, 1004]);
    // their block drew no chart: the last chart drawn before the answer
    expect(h.chart?.messageId).toBe('a2');
  });

  it("leaves out the file's own row and column counts", () => {
    const h = answerHighlights(conversation('The file has 10 rows; North sold 31,800.'))!;
    expect(h.answer.claims.find((c) => c.value === 10)?.supported).toBe(true);
    expect(h.figures.map((f) => f.claim.value)).toEqual([31800]);
  });

  it('spreads key figures over output lines before taking a second from the same line', () => {
    const stats = step('a2c', 'units  min 3800  max 16800  mean 9110  sum 91100\nNorth 31800\nWest 20600');
    const h = answerHighlights(
      conversation(
        'Units ranged from 3,800 to 16,800 (mean 9,110, total 91,100); North 31,800, West 20,600.',
        [stats],
      ),
    )!;
    // 9,110 and 91,100 sit on the same line as 3,800: the other lines come first (shown in answer order)
    expect(h.figures.map((f) => f.claim.value)).toEqual([3800, 16800, 31800, 20600]);
  });

  it('else takes the chart whose names the answer mentions, before the last one drawn', () => {
    const trend = step('a2d', 'month revenue\n2026-01 25000', [
      chart('Revenue by month', 'month', 'revenue'),
    ]);
    const h = answerHighlights(
      conversation('The `region` with the most `units` is East, with $26,700.', [trend]),
    )!;
    expect(h.figures).toEqual([]);
    expect(h.chart?.spec.title).toBe('Units by region');
  });

  it('is null before anything was answered', () => {
    expect(answerHighlights(blankConversation())).toBeNull();
  });
});
