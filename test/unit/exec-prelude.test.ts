// The kernel prelude and the inbox, in Debian's Python (no sandbox): plain pandas numbers, the
// helpers as globals, `record_result` writing out of band, and what the supervisor collects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SANDBOX = path.resolve(import.meta.dirname, '..', '..', 'resources', 'sandbox');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-prelude-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `code` with the kernel's modules importable; returns its stdout (throws on failure). */
function python(code: string, env: Record<string, string> = {}): string {
  const r = spawnSync('/usr/bin/python3', ['-c', code], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONPATH: `${path.join(SANDBOX, 'kernel')}:${path.join(SANDBOX, 'python')}`,
      PYTHONDONTWRITEBYTECODE: '1',
      ...env,
    },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('plain_number', () => {
  it('prints floats for people, scientific only when the value needs it', () => {
    const out = python(`
import pw_prelude
for v in [212135200.0, 212135200.126, 12216.666667, 3932.799722, 5.731163, 0.474011, 1.5e-10, 1e16,
          -0.0, 326.0, -3.25, float('nan'), float('inf')]:
    print(pw_prelude.plain_number(v))
`);
    expect(out.trim().split('\n')).toEqual([
      '212135200',
      '212135200.13',
      '12216.67',
      '3932.8',
      '5.73116',
      '0.474011',
      '1.5e-10',
      '1e+16',
      '0',
      '326',
      '-3.25',
      'NaN',
      'inf',
    ]);
  });
});

describe('install_number_format', () => {
  it('sets pandas’ display format when pandas is imported after it', () => {
    const out = python(`
import sys, pw_prelude
assert 'pandas' not in sys.modules
pw_prelude.install_number_format()
import pandas as pd
print(pd.Series([212135200.0, 2.5e-7]).describe().to_string())
`);
    expect(out).toMatch(/^mean +106067600$/m); // pandas' own format: 1.060676e+08
    expect(out).toMatch(/^max +212135200$/m);
    expect(out).toMatch(/^min +2\.5e-07$/m); // tiny: scientific
  });

  it('sets it at once when pandas is already loaded', () => {
    const out = python(`
import pandas as pd, pw_prelude
pw_prelude.install_number_format()
print(pd.Series([212135200.0]).to_string())
`);
    expect(out.trim()).toBe('0   212135200');
  });
});

describe('helpers and record_result', () => {
  it('gives chart and record_result; record_result prints nothing and writes one JSON object', () => {
    const inbox = path.join(tmp, 'inbox-a');
    const out = python(
      `
import json, os, pw_prelude, pw_files
notes = []
ns = pw_prelude.helpers(notes)
print(sorted(ns), notes)
ns['record_result']('totals', {'n': float('nan'), 'big': 2**70, 'rows': list(range(100))})
charts, results = pw_files.Inbox(os.environ['PLOTWRIGHT_RESULTS_DIR']).collect()
print(json.dumps(results))
`,
      { PLOTWRIGHT_RESULTS_DIR: inbox },
    );
    const [names, json] = out.trim().split('\n');
    expect(names).toBe("['chart', 'record_result'] []");
    const [result] = JSON.parse(json!) as Record<string, unknown>[];
    expect(result).toMatchObject({ step: 'totals', n: null, big: 2 ** 70 });
    expect((result!.rows as number[]).length).toBe(60); // lists are shortened
  });

  it('clear() drops what an earlier block left; collect() skips links, lists and big files', () => {
    const inbox = path.join(tmp, 'inbox-b');
    const out = python(
      `
import json, os, pw_files
from plotwright import record_result
d = os.environ['PLOTWRIGHT_RESULTS_DIR']
inbox = pw_files.Inbox(d)
record_result('left', {})
inbox.clear()
open(os.path.join(d, 'result-1-list.json'), 'w').write('[1]')
open(os.path.join(d, 'result-2-big.json'), 'w').write('{"x": "' + 'y' * 70000 + '"}')
os.symlink(os.path.join(d, 'elsewhere.txt'), os.path.join(d, 'result-3-link.json'))
open(os.path.join(d, 'elsewhere.txt'), 'w').write('{"step": "forged"}')
record_result('mine', {'n': 1})
print(json.dumps(inbox.collect()[1]))
print(sorted(n for n in os.listdir(d) if n.endswith('.json')))
`,
      { PLOTWRIGHT_RESULTS_DIR: inbox },
    );
    const [results, left] = out.trim().split('\n');
    expect(JSON.parse(results!)).toEqual([{ n: 1, step: 'mine' }]);
    expect(left).toBe('[]');
  });
});
