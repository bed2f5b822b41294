// The built-in analyst after its first answer: follow-up questions (looked up and answered on the
// same data), requests for an overview, and answered() — true, false or null, from the replay.
import { describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { planExecution } from '../../electron/core/exec/extract';
import { assistant, happy, ok, play, profile, stepOf } from '../support/analyst-canned';

describe('BuiltinAnalyst answers', () => {
  it('answers a follow-up question after the summary: looks it up, computes it, summarises again', async () => {
    const analyst = new BuiltinAnalyst({ profile });
    const messages = await play(happy, '', analyst);
    expect(analyst.answered(messages)).toBeNull(); // no question was asked
    messages.push({ role: 'user', content: 'What was the total revenue of Gadget Lite?' });
    const followUp: Record<string, object> = {
      lookup: {
        step: 'lookup',
        matches: [['product', 'Gadget Lite', 'gadget lite']],
        found: 1,
        flags: [],
        ranges: [['revenue', 3800, 16800, 10, true]],
      },
      answer: {
        step: 'answer',
        op: 'aggregate',
        selected: 4,
        total_rows: 10,
        years: [],
        value: '17,800',
        values: 4,
      },
    };
    for (let turn = 0; turn < 3; turn++) {
      const { content } = await analyst.complete(messages);
      messages.push({ role: 'assistant', content });
      if (content.trimEnd().endsWith('TERMINATE')) break;
      messages.push({ role: 'user', ...ok(followUp[stepOf(content)] ?? {}) });
    }
    const said = assistant(messages).slice(-3);
    expect(said.map(stepOf)).toEqual(['lookup', 'answer', 'summary']);
    expect(planExecution(said[1] ?? '').blocks[0]?.code).toContain(
      "_pw_mask &= (_pw_fold(df['product']) == _pw_f1('Gadget Lite')).fillna(False).astype(bool)",
    );
    expect(said[2]).toMatch(
      /^\*\*Answer:\*\* The total `revenue` where `product` is Gadget Lite is 17,800 \(4 values\)\.\n/,
    );
    expect(analyst.answered(messages)).toBe(true);
    // A question it cannot answer: it says so, and answered() is false.
    messages.push({ role: 'user', content: 'Which salesperson closed the most deals?' });
    const lookup = (await analyst.complete(messages)).content;
    messages.push(
      { role: 'assistant', content: lookup },
      { role: 'user', ...ok({ ...followUp.lookup, matches: [], found: 0 }) },
    );
    expect(analyst.answered(messages)).toBeNull(); // not finished yet
    const last = (await analyst.complete(messages)).content;
    messages.push({ role: 'assistant', content: last });
    expect(last).toMatch(
      /^I can't answer that from this file: I don't know the words “salesperson”, “closed”, “deals” here\./,
    );
    expect(last).not.toContain('**Answer:**');
    expect(analyst.answered(messages)).toBe(false);
  });

  it('treats a request for an overview as answered by the overview', async () => {
    const analyst = new BuiltinAnalyst({ profile });
    const messages = await play(
      happy,
      'Analyse sales.csv: describe the data and its most important figures.',
      analyst,
    );
    const said = assistant(messages);
    expect(said.map(stepOf)).toEqual([
      'overview',
      'describe',
      'totals',
      'trend',
      'extremes',
      'correlations',
      'summary',
    ]);
    expect(said.at(-1)).toMatch(/^## Summary\n/);
    expect(analyst.answered(messages)).toBe(true);
  });
});
