// Tools mode in the conversation's steps (renderer/src/conversation/step-view.ts, pure): a step is
// its tool calls — the model's code beside them is shown, never run, and does not make it "Not
// run" — and a reply without prose is named by its first call's summary.
import { describe, expect, it } from 'vitest';
import type { BlockRun } from '../../electron/model/agent/conversation';
import { stepState, stepStateText, stepTitleOf } from '../../renderer/src/conversation/step-view';

const code: BlockRun = { index: 0, language: 'python', code: 'print(1)', status: 'not-run' };
const call = (status: BlockRun['status']): BlockRun => ({
  index: 1,
  language: 'tool',
  code: '{"name": "profile", "arguments": {}}',
  tool: {
    name: 'profile',
    callId: 'c1',
    summary: 'Profile of **sales.csv**: shape, columns, types',
    equivalentCode: 'df.info()',
  },
  status,
});

describe('tools-mode steps', () => {
  it('a step is its calls: code not run beside them does not count', () => {
    expect(stepState([code, call('succeeded')])).toBe('done');
    expect(stepStateText([code, call('succeeded')])).toBe('Succeeded');
    expect(stepState([code, call('failed')])).toBe('failed');
    // without calls, code not run is what the step is
    expect(stepStateText([code])).toBe('Not run');
  });

  it('a reply without prose is named by its first call', () => {
    expect(stepTitleOf({ content: '', blocks: [call('succeeded')] })).toBe('Profile of sales.csv');
    expect(stepTitleOf({ content: 'Totals by region.', blocks: [call('succeeded')] })).toBe(
      'Totals by region',
    );
  });
});
