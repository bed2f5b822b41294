// Steps of an analysis: their one-line titles, states and folding rules (renderer/src/conversation/step-view.ts).
import { describe, expect, it } from 'vitest';
import type {
  AssistantMessage,
  BlockRun,
  BlockStatus,
  Message,
} from '../../electron/model/agent/conversation';
import {
  foldedByDefault,
  shorten,
  stepDuration,
  stepNumbers,
  stepState,
  stepStateText,
  stepTitle,
} from '../../renderer/src/conversation/step-view';

const fence = (code: string) => '```python\n' + code + '\n```';

function block(status: BlockStatus, durationMs?: number, index = 0): BlockRun {
  const result =
    durationMs === undefined
      ? undefined
      : {
          exitCode: status === 'failed' ? 1 : 0,
          output: '',
          timedOut: false,
          mode: 'local' as const,
          language: 'python' as const,
          warnings: [],
          artifacts: [],
          charts: [],
          durationMs,
        };
  return { index, language: 'python', code: 'print(1)', status, result } as BlockRun;
}

function step(statuses: BlockStatus[], extra: Partial<AssistantMessage> = {}): AssistantMessage {
  return {
    id: 'a1',
    at: '',
    role: 'assistant',
    content: 'Totals.\n\n' + fence('print(1)'),
    blocks: statuses.map((s, i) => block(s, 100, i)),
    ...extra,
  };
}

describe('stepTitle', () => {
  it('takes the first heading', () => {
    expect(stepTitle('Some words first.\n\n## Totals by **region**\n\n' + fence('x'))).toBe(
      'Totals by region',
    );
  });

  it('takes the sentence that introduces the code, without its lead-in and details', () => {
    const content =
      'Loaded 10 rows × 5 columns; no missing values.\n\n' +
      'Next, a numeric summary of the measures (`revenue` and `units`): count, mean, spread, range and total.\n\n' +
      fence('df.describe()');
    expect(stepTitle(content)).toBe('Numeric summary of the measures (revenue and units)');
    expect(stepTitle('First, load the data and get an overview: shape, types.\n\n' + fence('x'))).toBe(
      'Load the data and get an overview',
    );
    expect(stepTitle('Totals by region.\n\n' + fence('x'))).toBe('Totals by region');
  });

  it('ignores headings and prose inside code, and falls back to the first paragraph', () => {
    expect(stepTitle(fence('# not a heading\nprint(1)') + '\n\nThat printed 1. Done.')).toBe(
      'That printed 1',
    );
    expect(stepTitle(fence('print(1)'))).toBe('Code');
  });

  it('keeps decimals inside a sentence and shortens long titles at a word', () => {
    expect(stepTitle('Check that r = 0.91 holds for all rows. More.\n\n' + fence('x'))).toBe(
      'Check that r = 0.91 holds for all rows',
    );
    const long = stepTitle(`${'Compute the very long and winding '.repeat(4)}thing.\n\n${fence('x')}`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toMatch(/\s…$/);
    expect(shorten('short')).toBe('short');
  });
});

describe('step state, words and time', () => {
  it('names the most pressing state', () => {
    expect(stepState([block('succeeded'), block('running')])).toBe('running');
    expect(stepState([block('succeeded'), block('awaiting-approval')])).toBe('waiting');
    expect(stepState([block('succeeded'), block('failed')])).toBe('failed');
    expect(stepState([block('succeeded'), block('succeeded')])).toBe('done');
    expect(stepState([block('rejected')])).toBe('stopped');
    expect(stepStateText([block('rejected')])).toBe('Rejected');
    expect(stepStateText([block('timed-out')])).toBe('Failed');
    expect(stepStateText([block('succeeded')])).toBe('Succeeded');
  });

  it('adds up the time of the finished blocks', () => {
    expect(stepDuration([block('succeeded', 40), block('succeeded', 60)])).toBe(100);
    expect(stepDuration([block('running')])).toBeNull();
  });
});

describe('folding', () => {
  const idle = { live: false, latest: true };
  it('folds finished steps, also the latest one once the run is over', () => {
    expect(foldedByDefault(step(['succeeded']), idle)).toBe(true);
    expect(foldedByDefault(step(['rejected']), idle)).toBe(true);
    expect(foldedByDefault(step(['succeeded']), { live: true, latest: false })).toBe(true);
  });

  it('keeps running, waiting, failed and streaming steps open, and the latest while live', () => {
    expect(foldedByDefault(step(['running']), { live: true, latest: false })).toBe(false);
    expect(foldedByDefault(step(['awaiting-approval']), { live: true, latest: true })).toBe(false);
    expect(foldedByDefault(step(['succeeded', 'failed']), idle)).toBe(false);
    expect(foldedByDefault(step(['succeeded', 'cancelled']), idle)).toBe(false);
    expect(foldedByDefault(step(['not-run']), idle)).toBe(false);
    expect(foldedByDefault(step(['succeeded'], { streaming: true }), idle)).toBe(false);
    expect(foldedByDefault(step(['succeeded']), { live: true, latest: true })).toBe(false);
    expect(foldedByDefault(step(['succeeded']), { ...idle, flagged: true })).toBe(false);
  });

  it('numbers only the messages that hold code', () => {
    const messages: Message[] = [
      { id: 'u', at: '', role: 'user', content: 'q' },
      step(['succeeded'], { id: 'a' }),
      { id: 'e', at: '', role: 'execution', content: '', exitCode: 0, replyTo: 'a' },
      step([], { id: 'b' }),
      step(['succeeded'], { id: 'c' }),
    ];
    expect([...stepNumbers(messages)]).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});
