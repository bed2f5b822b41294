// The isolation report's plain words: what a failed check means the code could do, and the one line
// every surface shows. Never "isolated" unless every check ran and passed.
import { describe, expect, it } from 'vitest';
import {
  isolationSummary,
  PROTECTS,
  RISKS,
  risksOf,
  type IsolationReport,
} from '../../electron/model/exec/isolation';

const report = (failed: string[], verified = failed.length === 0): IsolationReport => ({
  verified,
  runner: 'bubblewrap 0.8.0',
  checks: (Object.keys(RISKS) as (keyof typeof RISKS)[]).map((name) => ({
    name,
    passed: !failed.includes(name),
    detail: '',
  })),
  failed,
  durationMs: 80,
  at: '2026-11-30T00:00:00.000Z',
  cached: false,
});

describe('isolation report words', () => {
  it('a verified report has no risks, and its line lists what is protected', () => {
    expect(risksOf(report([]))).toEqual([]);
    const line = isolationSummary(report([]));
    expect(line).toMatch(/^Isolation verified \(bubblewrap 0\.8\.0\): 11 checks passed/);
    expect(line).toContain(PROTECTS.network);
  });

  it('an unverified report names exactly the failed checks, in the words of the risk', () => {
    expect(risksOf(report(['network', 'home-files']))).toEqual([RISKS.network, RISKS['home-files']]);
    const line = isolationSummary(report(['network']));
    expect(line).toMatch(/^Isolation NOT verified \(bubblewrap 0\.8\.0\): network failed/);
    expect(line).toContain(RISKS.network);
  });

  it('no report, or a probe that could not run, claims every risk', () => {
    expect(risksOf(null)).toEqual(Object.values(RISKS));
    const broken: IsolationReport = {
      ...report([]),
      verified: false,
      checks: [],
      failed: ['the probe could not run'],
    };
    expect(risksOf(broken)).toEqual(Object.values(RISKS));
    expect(isolationSummary(broken)).toMatch(
      /NOT verified \(bubblewrap 0\.8\.0\): the probe could not run — /,
    );
  });

  it('has words for every check', () => {
    expect(Object.keys(RISKS).sort()).toEqual(Object.keys(PROTECTS).sort());
    expect(Object.keys(RISKS)).toHaveLength(11);
  });
});
