// The approval view's plain-language summary, read from the code and the sandbox's probe.
import { describe, expect, it } from 'vitest';
import { approvalSummary, type ApprovalSummaryInput } from '../../electron/model/agent/approval-summary';
import type { IsolationReport } from '../../electron/model/exec/isolation';

function probe(networkPassed: boolean): IsolationReport {
  return {
    verified: networkPassed,
    runner: 'bubblewrap 0.8.0',
    checks: [
      { name: 'network', passed: networkPassed, detail: '' },
      { name: 'host-files', passed: true, detail: '' },
    ],
    failed: networkPassed ? [] : ['network'],
    durationMs: 10,
    at: '2026-11-30T00:00:00.000Z',
    cached: false,
  };
}

const summary = (code: string, more: Partial<ApprovalSummaryInput> = {}) =>
  approvalSummary({
    code,
    language: 'python',
    isolation: probe(true),
    timeoutMs: 60_000,
    memoryMb: 2048,
    ...more,
  });
const line = (s: ReturnType<typeof summary>, label: string) => s.lines.find((l) => l.label === label)?.text;

describe('files read', () => {
  it('names what pandas, open() and pathlib read', () => {
    const s = summary(
      [
        'import pandas as pd',
        "df = pd.read_csv('sales.csv')",
        "xl = pd.read_excel(r'data/budget.xlsx', sheet_name=0)",
        "notes = open('notes.txt').read()",
        "with open('raw.bin', 'rb') as f:\n    raw = f.read()",
        "from pathlib import Path\ntext = Path('readme.md').read_text()",
        "arr = np.load('weights.npy')",
      ].join('\n'),
    );
    expect(s.reads).toEqual(['budget.xlsx', 'notes.txt', 'raw.bin', 'readme.md', 'sales.csv', 'weights.npy']);
    expect(s.writes).toEqual([]);
    expect(line(s, 'Reads')).toBe('budget.xlsx, notes.txt, raw.bin, readme.md, sales.csv and weights.npy');
    expect(line(s, 'Writes')).toBe('nothing found in the code');
  });

  it('follows a file named by a constant, and says when a name is only known at run time', () => {
    const s = summary("DATA = 'tips.csv'\ndf = pd.read_csv(DATA)\nother = pd.read_csv(f'{name}.csv')");
    expect(s.reads).toEqual(['tips.csv']);
    expect(s.unnamedFiles).toBe(true);
    expect(line(s, 'Reads')).toBe('tips.csv and a file named only when it runs');
  });

  it('ignores comments and reads nothing when the code reads nothing', () => {
    const s = summary("# df = pd.read_csv('secret.csv')\nprint(1 + 1)  # open('x', 'w')");
    expect(s.reads).toEqual([]);
    expect(s.writes).toEqual([]);
    expect(line(s, 'Reads')).toBe('no files found in the code');
  });
});

describe('files written', () => {
  it('names to_csv, savefig, open(..., "w"), to_parquet and Path.write_text', () => {
    const s = summary(
      [
        "df.to_csv('summary.csv', index=False)",
        "plt.savefig('chart.png', dpi=120)",
        "with open('log.txt', 'w') as f:\n    f.write('x')",
        "open('append.txt', mode='a').write('y')",
        "df.to_parquet(path='out.parquet')",
        "out = Path('notes.md')\nout.write_text('hi')",
      ].join('\n'),
    );
    expect(s.writes).toEqual([
      'append.txt',
      'chart.png',
      'log.txt',
      'notes.md',
      'out.parquet',
      'summary.csv',
    ]);
    expect(s.reads).toEqual([]);
    expect(line(s, 'Writes')).toMatch(/^append\.txt, .* and summary\.csv \(in this analysis’s folder\)$/);
  });

  it('does not count to_csv() without a path (it returns text)', () => {
    const s = summary('text = df.to_csv(index=False)\nprint(df.to_json())');
    expect(s.writes).toEqual([]);
  });

  it('flags deletes', () => {
    const s = summary("import os, shutil\nos.remove('old.csv')\nshutil.rmtree('cache')");
    expect(s.deletes).toEqual(['cache', 'old.csv']);
    expect(s.lines.find((l) => l.label === 'Deletes')).toMatchObject({ tone: 'warn' });
  });
});

describe('programs and network', () => {
  it('flags subprocess and os.system as running programs', () => {
    const s = summary("import subprocess, os\nsubprocess.run(['ls'])\nos.system('whoami')");
    expect(s.programs).toEqual(['os.system', 'subprocess.run']);
    expect(line(s, 'Runs programs')).toBe('yes: os.system and subprocess.run');
    expect(summary("print('no programs')").programs).toEqual([]);
    expect(summary('ls -la', { language: 'sh' }).programs).toEqual(['shell commands']);
  });

  it('says "none: blocked by the sandbox" when the probe verified it and the code wants none', () => {
    const s = summary("df = pd.read_csv('sales.csv')");
    expect(s.networkBlocked).toBe(true);
    expect(line(s, 'Network')).toBe('none: blocked by the sandbox');
  });

  it('says the code would try to reach the network when it imports requests, urllib or socket', () => {
    const s = summary(
      "import requests\nfrom urllib.request import urlopen\nimport socket as s\nrequests.get('https://x.example')",
    );
    expect(s.network).toEqual(['requests', 'socket', 'urllib.request']);
    expect(line(s, 'Network')).toBe(
      'would try (requests, socket and urllib.request): blocked by the sandbox',
    );
    const open = summary('import httpx', { isolation: probe(false) });
    expect(open.networkBlocked).toBe(false);
    expect(line(open, 'Network')).toMatch(
      /would try to reach the network \(httpx\), and this sandbox does not block it/,
    );
    expect(open.lines.find((l) => l.label === 'Network')?.tone).toBe('warn');
  });

  it('counts a URL read as network, not as a file', () => {
    const s = summary("df = pd.read_csv('https://example.com/data.csv')", { isolation: null });
    expect(s.reads).toEqual([]);
    expect(s.network).toEqual(['https://example.com']);
    expect(line(s, 'Network')).toMatch(/does not block it/);
  });

  it('when nothing is known about the sandbox, does not claim it blocks anything', () => {
    expect(line(summary('print(1)', { isolation: null }), 'Network')).toBe(
      'none found in the code (the sandbox does not block it)',
    );
  });
});

describe('limits', () => {
  it('shows the time limit and memory from the settings', () => {
    expect(line(summary('print(1)'), 'Limits')).toBe('stops after 60 s, at most 2 GB of memory');
    expect(line(summary('print(1)', { timeoutMs: 300_000, memoryMb: 512 }), 'Limits')).toBe(
      'stops after 5 min, at most 512 MB of memory',
    );
  });
});
