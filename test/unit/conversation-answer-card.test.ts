// The answer card's words and the shown part of outputs (renderer/src/conversation/answer-card.ts,
// output-view.ts): pure, without a DOM.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../electron/model/agent/conversation';
import { DEFAULT_CONVERSATION_SETTINGS } from '../../electron/model/agent/conversation';
import type { AnswerClaim } from '../../electron/model/answer/types';
import {
  answerSentences,
  figureCaption,
  cardKind,
  figureText,
  noAnswerHeading,
} from '../../renderer/src/conversation/answer-card';
import {
  MAX_SHOWN_LINES,
  outputView,
  PREVIEW_LINES,
  shownLine,
} from '../../renderer/src/conversation/output-view';

const claim = (text: string, value: number): AnswerClaim => ({
  text,
  value,
  supported: true,
  source: null,
  occurrence: 0,
});

function conv(extra: Partial<Conversation>): Conversation {
  return {
    version: 1,
    id: 'c',
    title: 't',
    createdAt: '',
    updatedAt: '',
    file: null,
    model: { kind: 'builtin', label: 'built-in analyst' },
    settings: DEFAULT_CONVERSATION_SETTINGS,
    messages: [
      { id: 'u', at: '', role: 'user', content: 'q' },
      { id: 'a', at: '', role: 'assistant', content: 'x', blocks: [] },
    ],
    status: 'finished',
    stopReason: 'terminated',
    error: null,
    turns: 1,
    execution: null,
    ...extra,
  };
}

describe('answerSentences', () => {
  it('keeps what comes before the first heading, without TERMINATE', () => {
    expect(answerSentences('North leads with 31,800.\n\n## Summary\n\n- a 1\n\nTERMINATE')).toBe(
      'North leads with 31,800.',
    );
  });
  it('drops an opening heading without numbers, and keeps one with numbers', () => {
    expect(answerSentences('## Summary\n\n- **Data:** 10 rows.\n\nTERMINATE')).toBe('- **Data:** 10 rows.');
    expect(answerSentences('## Top 3\n\n- a')).toBe('## Top 3\n\n- a');
    expect(answerSentences('Plain answer: 12.')).toBe('Plain answer: 12.');
  });
});

describe('figureText', () => {
  it('formats the value for people, keeping a currency sign or percent', () => {
    expect(figureText(claim('31800', 31800))).toBe('31,800');
    expect(figureText(claim('$26,700', 26700))).toBe('$26,700');
    expect(figureText(claim('12.5 %', 12.5))).toBe('12.5%');
    expect(figureText(claim('31.8k', 31800))).toBe('31,800');
    expect(figureText(claim('-4200', -4200))).toBe('−4,200');
    expect(figureText(claim('2.121352e+08', 212135200))).toBe('212,135,200');
  });
});

describe('figureCaption', () => {
  it('picks out the number of the line that shows the figure, allowing for rounding', () => {
    expect(figureCaption('North    31800', 31800)).toEqual({
      before: 'North    ',
      match: '31800',
      after: '',
    });
    expect(figureCaption('Widget Pro  6  73300  12216.666667', 12216.67)?.match).toBe('12216.666667');
    expect(figureCaption('total revenue 91,100 (all rows)', 91100)?.after).toBe(' (all rows)');
    expect(figureCaption('nothing here', 5)).toBeNull();
  });
  it('shortens what comes before, so the number stays in view', () => {
    const c = figureCaption('revenue  10  9110  4588.02  3800  4800', 3800)!;
    expect(c).toEqual({ before: 'revenue … ', match: '3800', after: '  4800' });
    expect(figureCaption(`${'1 '.repeat(20)}3800`, 3800)!.before).toBe('… ');
  });
});

describe('cardKind and its words', () => {
  const answer = (answered: boolean) => ({ messageId: 'a', text: 'x', answered, claims: [] });
  it('shows no card while a run goes on, or in an older conversation without a traced answer', () => {
    expect(cardKind(conv({ status: 'running', answer: answer(true) }), true)).toBe('none');
    expect(cardKind(conv({}), false)).toBe('none');
    expect(cardKind(conv({ messages: [] }), false)).toBe('none');
  });
  it('tells an answer from a stop, a failure, the turn limit and no answer', () => {
    expect(cardKind(conv({ answer: answer(true) }), true)).toBe('answer');
    expect(cardKind(conv({ answer: answer(false) }), true)).toBe('not-answered');
    expect(cardKind(conv({ answer: null, stopReason: 'cancelled' }), false)).toBe('stopped');
    expect(cardKind(conv({ answer: null, stopReason: 'error', error: 'HTTP 401.' }), false)).toBe('failed');
    expect(cardKind(conv({ answer: null, stopReason: 'max-turns' }), false)).toBe('limit');
    expect(cardKind(conv({ answer: null }), false)).toBe('not-answered');
    // a stop wins over the words the run ended with
    expect(cardKind(conv({ answer: answer(false), stopReason: 'cancelled' }), true)).toBe('stopped');
  });
  it('says so plainly, with no "Answer:" label', () => {
    const c = conv({ error: 'HTTP 401 from the model.' });
    for (const kind of ['stopped', 'failed', 'limit', 'not-answered'] as const) {
      const heading = noAnswerHeading(kind, c);
      expect(heading).toMatch(/^No answer: /);
      expect(heading).not.toMatch(/Answer:/);
    }
    expect(noAnswerHeading('failed', c)).toBe('No answer: the analysis failed (HTTP 401 from the model).');
    expect(noAnswerHeading('limit', c)).toBe(
      'No answer: the analysis reached its limit of 10 replies first.',
    );
  });
});

describe('output view', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');
  it('shows a short output whole, a long one by its first lines, then all of it in place', () => {
    expect(outputView(lines(10), false)).toEqual({
      text: lines(10),
      totalLines: 10,
      hiddenLines: 0,
      capped: false,
    });
    const preview = outputView(lines(100), false);
    expect(preview.text).toBe(lines(PREVIEW_LINES));
    expect(preview.hiddenLines).toBe(100 - PREVIEW_LINES);
    expect(outputView(lines(100), true)).toEqual({
      text: lines(100),
      totalLines: 100,
      hiddenLines: 0,
      capped: false,
    });
    const huge = outputView(lines(MAX_SHOWN_LINES + 50), true);
    expect(huge.capped).toBe(true);
    expect(huge.hiddenLines).toBe(50);
  });
  it('maps a raw output line past dropped machine lines', () => {
    const raw = ['a', 'PLOTWRIGHT-RESULT {"x":1}', '<chart: Sales (bar, 4 points)>', 'North 31800', 'b'].join(
      '\n',
    );
    expect(shownLine(raw, 1)).toBe(1);
    expect(shownLine(raw, 4)).toBe(2);
    expect(shownLine(raw, 2)).toBeNull();
    expect(shownLine('a\nb\nc', 3)).toBe(3);
  });
});
