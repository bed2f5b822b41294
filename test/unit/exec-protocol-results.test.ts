// The kernel protocol's `results`: JSON objects only, at most MAX_RESULTS, absent → none.
import { describe, expect, it } from 'vitest';
import { MAX_RESULTS, resultMessage } from '../../electron/core/exec/kernel/protocol';

const base = {
  type: 'result',
  id: 'b1',
  exitCode: 0,
  head: '',
  tail: '',
  omitted: 0,
  charts: [],
  files: [],
  killed: 0,
  diskFull: false,
  elapsed: 0.1,
};

describe('resultMessage.results', () => {
  it('takes plain objects, in order', () => {
    const r = resultMessage.parse({ ...base, results: [{ step: 'a', n: 1 }, { step: 'b' }] });
    expect(r.results).toEqual([{ step: 'a', n: 1 }, { step: 'b' }]);
  });

  it('defaults to none when a kernel sends no results', () => {
    expect(resultMessage.parse(base).results).toEqual([]);
  });

  it('refuses anything else, and more than MAX_RESULTS', () => {
    for (const bad of [[[1, 2]], ['text'], [null], [1], 'x'])
      expect(resultMessage.safeParse({ ...base, results: bad }).success, JSON.stringify(bad)).toBe(false);
    const many = Array.from({ length: MAX_RESULTS + 1 }, (_, i) => ({ step: 's', i }));
    expect(resultMessage.safeParse({ ...base, results: many }).success).toBe(false);
  });
});
