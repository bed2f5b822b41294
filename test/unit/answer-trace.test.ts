// Number tracing (electron/core/answer/): the corpus of answer/output pairs with tricky formats,
// then the pieces — how numbers are read, the answer text, the marks every view puts back.
import { describe, expect, it } from 'vitest';
import { reduce } from '../../electron/model/agent/events';
import type { AssistantMessage, BlockRun, Conversation } from '../../electron/model/agent/conversation';
import {
  allSupported,
  answerText,
  ClaimMarker,
  markMarkdownSource,
  numbersInLine,
  traceAnswer,
  unsupportedSummary,
  type AnswerTrace,
} from '../../electron/core/answer/index';
import type { ExecResult } from '../../electron/model/exec/types';
import { blankConversation } from '../support/conversation';
import { CORPUS, type Expect } from './answer-corpus';

const at = '2026-11-26T10:00:00.000Z';

function result(output: string): ExecResult {
  return {
    exitCode: 0,
    output,
    timedOut: false,
    mode: 'local',
    language: 'python',
    warnings: [],
    artifacts: [],
    charts: [],
    durationMs: 5,
    stateLost: false,
    omittedBytes: 0,
  };
}

const block = (index: number, output: string | null): BlockRun => ({
  index,
  language: 'python',
  code: 'print(x)',
  status: output === null ? 'not-run' : 'succeeded',
  ...(output === null ? {} : { result: result(output) }),
});

const assistant = (id: string, content: string, blocks: BlockRun[] = []): AssistantMessage => ({
  id,
  role: 'assistant',
  content,
  at,
  blocks,
});

/** A question, one message per output (one block each), then the answer. */
function conversationWith(
  outputs: string[],
  answer: string,
  question = 'What is the revenue?',
): Conversation {
  const conv = blankConversation();
  conv.messages.push({ id: 'u1', role: 'user', content: question, at });
  outputs.forEach((output, i) =>
    conv.messages.push(assistant(`a${i}`, 'Computing.\n\n```python\nprint(x)\n```', [block(0, output)])),
  );
  conv.messages.push(assistant('final', `${answer}\n\nTERMINATE`));
  return conv;
}

function verdict(claim: AnswerTrace['claims'][number]): Expect {
  const s = claim.source;
  if (!claim.supported || !s) return false;
  return s.kind === 'profile' ? s.field : [s.block, s.line];
}

describe('the corpus: answer/output pairs checked by hand', () => {
  it('has at least 40 pairs', () => expect(CORPUS.length).toBeGreaterThanOrEqual(40));

  for (const c of CORPUS) {
    it(c.name, () => {
      const trace = traceAnswer(conversationWith(c.outputs, c.answer, c.question), { answered: true });
      const got = trace.claims.map((claim, i): [string, Expect] => {
        const want = c.claims[i]?.[1];
        return [claim.text, want === true ? claim.supported : verdict(claim)];
      });
      expect(got).toEqual(c.claims);
      if (c.values) expect(trace.claims.map((claim) => claim.value)).toEqual(c.values);
      for (const claim of trace.claims) expect(claim.source === null).toBe(!claim.supported);
    });
  }
});

describe('tracing a conversation', () => {
  it('numbers blocks by their place among executed blocks, skipping blocks that did not run', () => {
    const conv = blankConversation();
    conv.messages.push(
      { id: 'u1', role: 'user', content: 'Totals?', at },
      assistant('a1', 'x', [block(0, 'first'), block(1, null)]),
      assistant('a2', 'y', [block(0, 'a\nb\nWest 20600')]),
      assistant('a3', 'West: 20,600.'),
    );
    const trace = traceAnswer(conv, { answered: true });
    expect(trace.claims[0]!.source).toEqual({ kind: 'output', block: 2, line: 3, messageId: 'a2', index: 0 });
  });

  it("answers with the run's last assistant message, without code or TERMINATE", () => {
    const conv = conversationWith(['31800'], 'ignored');
    conv.messages.push({ id: 'u2', role: 'user', content: 'And North?', at });
    conv.messages.push(
      assistant('last', 'Let me check.\n\n```python\nprint(1)\n```\n\nNorth: 31,800.\nTERMINATE'),
    );
    const trace = traceAnswer(conv, { answered: false });
    expect(trace).toMatchObject({
      messageId: 'last',
      text: 'Let me check.\n\nNorth: 31,800.',
      answered: false,
    });
    expect(trace.claims.map((c) => c.text)).toEqual(['31,800']);
  });

  it('has no answer when the run produced no assistant message', () => {
    const conv = conversationWith(['1'], 'One.');
    conv.messages.push({ id: 'u2', role: 'user', content: 'Again?', at });
    expect(traceAnswer(conv, { answered: true })).toEqual({
      messageId: null,
      text: '',
      answered: false,
      claims: [],
    });
  });

  it('strips code blocks (fenced and indented) and TERMINATE from the answer text', () => {
    expect(answerText('Done.\n\n```python\nprint(1)\n```\n\n    x = 2\n\nTotal 3.\n\nTERMINATE')).toBe(
      'Done.\n\nTotal 3.',
    );
  });
});

describe('reading output lines', () => {
  it('reads pandas tables, scientific notation, JSON and percentages; skips names with digits', () => {
    const found = numbersInLine('revenue  float64  2.121352e+08  {"share": 0.125}  12.5%  -3.4');
    expect(found.filter((n) => n.primary).map((n) => [n.value, n.percent])).toEqual([
      [212135200, false],
      [0.125, false],
      [12.5, true],
      [-3.4, false],
    ]);
  });

  it('reads a date as three labels, never as negative numbers', () => {
    expect(numbersInLine('2026-03-01').map((n) => n.value)).toEqual([2026, 3, 1]);
  });
});

describe('marks', () => {
  const trace = traceAnswer(
    conversationWith(
      ['North 31800\nWest 20600'],
      'In 2026, `31800` rows: North 31,800 and West 20,600 (not 31,800 again: 26,700).',
    ),
    { answered: true },
  );

  it('finds each claim at its own place, never inside code or another number', () => {
    const marker = new ClaimMarker(trace.claims);
    const segments = ['In 2026, ', ' rows: North 31,800 and West 20,600 (not 31,800 again: 26,700).'].flatMap(
      (t) => marker.segments(t),
    );
    const marked = segments.filter((s) => s.claim !== undefined).map((s) => [s.text, s.claim]);
    expect(marked).toEqual([
      ['31,800', 0],
      ['20,600', 1],
      ['31,800', 2],
      ['26,700', 3],
    ]);
  });

  it('puts marks right after each claim in the Markdown source', () => {
    const source = markMarkdownSource(
      'North **31,800** and `31,800` and 31,800; 20,600 and 26,700.',
      trace.claims,
      (c) => (c.supported ? '[ok]' : '[?]'),
    );
    expect(source).toBe('North **31,800[ok]** and `31,800` and 31,800[ok]; 20,600[ok] and 26,700[?].');
  });

  it('says which figures were not found, and that all were only when every one was', () => {
    expect(unsupportedSummary(trace)).toBe('1 figure in this answer was not found in any output: 26,700.');
    expect(allSupported(trace)).toBe(false);
    const fine = { ...trace, claims: trace.claims.filter((c) => c.supported) };
    expect(unsupportedSummary(fine)).toBeNull();
    expect(allSupported(fine)).toBe(true);
    expect(allSupported({ ...trace, claims: [] })).toBe(false);
    const two = { ...trace, claims: [...trace.claims, { ...trace.claims[3]!, text: '4.5%' }] };
    expect(unsupportedSummary(two)).toBe(
      '2 figures in this answer were not found in any output: 26,700 and 4.5%.',
    );
  });
});

describe('the answer event', () => {
  it("keeps the latest answer, and every run's answer by its final message; a new run clears the latest", () => {
    const first = traceAnswer(conversationWith(['31800'], 'North: 31,800.'), { answered: true });
    const second: AnswerTrace = { messageId: 'other', text: 'None.', answered: false, claims: [] };
    let conv = reduce(blankConversation(), { type: 'answer', answer: first, at });
    expect(conv.answer).toBe(first);
    conv = reduce(conv, { type: 'started', at });
    expect(conv.answer).toBeNull();
    conv = reduce(conv, { type: 'answer', answer: second, at });
    expect(conv.answers).toEqual({ final: first, other: second });
    conv = reduce(conv, { type: 'answer', answer: { ...second, messageId: null }, at });
    expect(conv.answer!.messageId).toBeNull();
    expect(Object.keys(conv.answers!)).toEqual(['final', 'other']);
  });
});
