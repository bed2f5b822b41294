// `plotwright analyse` as a user runs it: a real process, real files, a real model server.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '../support/openai-server';
import { PROJECT_ROOT, SALES_CSV } from './support/env';

let tmp: string;
let dataDir: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-analyse-'));
  dataDir = path.join(tmp, 'data');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function analyse(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/plotwright.mjs', 'analyse', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PLOTWRIGHT_DATA_DIR: dataDir, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(opts.input ?? '');
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('offline (the built-in analyst)', () => {
  it('analyses sales.csv and writes every report format, with figures computed by the code', async () => {
    const out = path.join(tmp, 'out-offline');
    const r = await analyse([
      SALES_CSV,
      '--mode',
      'local',
      '--out',
      out,
      '--format',
      'html,md,ipynb,py',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'stopReason',
      'turns',
      'isolation',
      'executions',
      'reports',
      'file',
      'answer',
    ]);
    expect(json.stopReason).toBe('terminated');
    expect(json.file).toEqual({ sha256: sha(SALES_CSV), rows: 10, columns: 5 });
    const executions = json.executions as {
      exitCode: number;
      timedOut: boolean;
      language: string;
      durationMs: number;
    }[];
    expect(executions.length).toBeGreaterThanOrEqual(4);
    expect(
      executions.every(
        (e) => e.exitCode === 0 && !e.timedOut && e.language === 'python' && e.durationMs >= 0,
      ),
    ).toBe(true);
    // the built-in analyst's summary: every figure it states is found in an output
    const answer = json.answer as {
      text: string;
      answered: boolean;
      claims: {
        text: string;
        value: number;
        supported: boolean;
        source: { block: number; line: number } | null;
      }[];
    };
    expect(answer.answered).toBe(true);
    expect(answer.text).not.toContain('TERMINATE');
    expect(answer.claims.length).toBeGreaterThan(10);
    expect(answer.claims.filter((c) => !c.supported)).toEqual([]);
    const north = answer.claims.find((c) => c.text === '31,800')!;
    expect(north).toMatchObject({ value: 31800, supported: true });
    expect(Object.keys(north.source!)).toEqual(['block', 'line']);
    expect(north.source!.block).toBeLessThanOrEqual(executions.length);
    const reports = json.reports as string[];
    expect(reports.map((p) => path.extname(p)).sort()).toEqual(['.html', '.ipynb', '.md', '.py']);
    const html = readFileSync(
      reports.find((p) => p.endsWith('.html'))!,
      'utf8',
    );
    // the figures as read, without their source marks ("73,300[B3:L5]")
    const prose = html.replace(/<sup class="claim-(?:ref|flag)">.*?<\/sup>/g, '').replace(/<[^>]+>/g, '');
    for (const figure of [
      'Widget Pro: 73,300 over 6 rows',
      'Gadget Lite: 17,800 over 4 rows',
      'North: 31,800',
      '2026-03 (36,200)',
    ])
      expect(prose).toContain(figure);
    expect(html).toMatch(/<span class="claim supported" title="from block \d+, line \d+">31,800<sup/);
    expect(html).toContain(
      '<p class="answer-verified">✓ All figures were computed by the code in this conversation.</p>',
    );
    expect(html).toContain(sha(SALES_CSV));
    expect(r.stderr).toContain('reading sales.csv: 10 rows, 5 columns');
    expect(r.stderr).toMatch(/finished: terminated after \d+ turns/);
    expect(r.stderr.split('\n').every((l) => l.length < 400)).toBe(true);
  });

  it('never overwrites: a second run into the same folder gets new names', async () => {
    const out = path.join(tmp, 'out-twice');
    const first = JSON.parse(
      (await analyse([SALES_CSV, '--mode', 'local', '--out', out, '--json'])).stdout,
    ) as { reports: string[] };
    const before = sha(first.reports[0]!);
    const second = JSON.parse(
      (await analyse([SALES_CSV, '--mode', 'local', '--out', out, '--json'])).stdout,
    ) as { reports: string[] };
    expect(second.reports[0]).not.toBe(first.reports[0]);
    expect(second.reports[0]).toMatch(/-2\.html$/);
    expect(sha(first.reports[0]!)).toBe(before);
  });

  it("refuses to write into the input file's folder", async () => {
    const folder = mkdtempSync(path.join(tmp, 'input-'));
    copyFileSync(SALES_CSV, path.join(folder, 'sales.csv'));
    const r = await analyse([path.join(folder, 'sales.csv'), '--out', folder]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(listing(folder)).toEqual(['sales.csv']);
  });
});

describe('no verified sandbox (PLOTWRIGHT_LOCAL_SANDBOX=none)', () => {
  it('refuses before any code runs: exit 3, one line saying why and how to get isolation', async () => {
    const out = path.join(tmp, 'out-refused');
    const r = await analyse([SALES_CSV, '--mode', 'local', '--out', out, '--json'], {
      env: { PLOTWRIGHT_LOCAL_SANDBOX: 'none' },
    });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^plotwright analyse: refusing to run code without a verified sandbox \(no OS sandbox: .*\); get isolation with npm run sandbox:image .*bubblewrap.*--allow-unsandboxed/,
    );
    expect(listing(out)).toEqual([]);
  });

  it('--allow-unsandboxed runs the analysis, and --json says what the probe observed', async () => {
    const out = path.join(tmp, 'out-allowed');
    const r = await analyse([SALES_CSV, '--mode', 'local', '--out', out, '--json', '--allow-unsandboxed'], {
      env: { PLOTWRIGHT_LOCAL_SANDBOX: 'none' },
    });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      isolation: { verified: boolean; runner: string; checks: { name: string; passed: boolean }[] };
      executions: unknown[];
    };
    expect(json.isolation).toMatchObject({ verified: false, runner: 'no OS sandbox' });
    expect(json.isolation.checks.filter((c) => !c.passed).map((c) => c.name)).toContain('network');
    expect(json.executions.length).toBeGreaterThan(0);
  });

  it('with a verified sandbox, --json says so', async () => {
    const r = await analyse([
      SALES_CSV,
      '--mode',
      'local',
      '--out',
      path.join(tmp, 'out-verified'),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { isolation: { verified: boolean; checks: { passed: boolean }[] } };
    expect(json.isolation.verified).toBe(true);
    expect(json.isolation.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('bad input: one clear line, a non-zero exit, nothing written', () => {
  const cases: [string, Buffer | string, RegExp][] = [
    ['empty.csv', '', /^plotwright analyse: empty\.csv is empty$/],
    ['photo.csv', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not a text file/],
    ['data.csv', '{"a": [1, 2, {"b": 3}]}', /not delimited text/],
  ];
  for (const [name, content, message] of cases) {
    it(name, async () => {
      const folder = mkdtempSync(path.join(tmp, 'bad-'));
      writeFileSync(path.join(folder, name), content);
      const data = path.join(folder, 'appdata');
      const out = path.join(folder, 'reports');
      const r = await analyse([path.join(folder, name), '--out', out], {
        env: { PLOTWRIGHT_DATA_DIR: data },
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
      expect(listing(folder)).toEqual([name]); // no reports, no conversation, nothing next to the file
    });
  }

  it('a missing file', async () => {
    const r = await analyse([path.join(tmp, 'nope.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('plotwright analyse: cannot read nope.csv: no such file');
  });

  it.each([
    [[], /FILE is missing/],
    [[SALES_CSV, '--format', 'docx'], /--format takes html, md, ipynb, py, pdf \(not docx\)/],
    [[SALES_CSV, '--base-url', 'http://127.0.0.1:1/v1'], /--base-url and --model go together/],
    [[SALES_CSV, '--offline', '--model', 'x'], /--offline cannot be combined/],
    [[SALES_CSV, '--max-turns', '0'], /--max-turns/],
  ])('usage error %#', async (args, message) => {
    const r = await analyse(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: plotwright analyse');
  });
});

describe('with a model behind an OpenAI-compatible API', () => {
  const code = (c: string) => `Let me check.\n\n\`\`\`python\n${c}\n\`\`\``;
  const KEY = `sk-cli-secret-${Date.now()}`;

  it('uses the key from --api-key-env only in the Authorization header', async () => {
    const server = await startOpenAIServer([
      { reply: code("import pandas as pd\nprint(pd.read_csv('sales.csv').revenue.sum())") },
      { reply: 'Total revenue is 91,100. TERMINATE' },
    ]);
    try {
      const out = path.join(tmp, 'out-model');
      const r = await analyse(
        [
          SALES_CSV,
          '--base-url',
          server.url,
          '--model',
          'test-model',
          '--api-key-env',
          'MY_KEY',
          '--mode',
          'local',
          '--out',
          out,
          '--format',
          'html,py',
          '--json',
        ],
        { env: { MY_KEY: KEY } },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ stopReason: 'terminated', turns: 2 });
      expect(JSON.parse(r.stdout).answer).toEqual({
        text: 'Total revenue is 91,100.',
        answered: true,
        claims: [{ text: '91,100', value: 91100, supported: true, source: { block: 1, line: 1 } }],
      });
      expect(server.chatRequests().map((q) => q.headers.authorization)).toEqual([
        `Bearer ${KEY}`,
        `Bearer ${KEY}`,
      ]);
      expect(
        (server.chatRequests()[1]!.json as { messages: { content: string }[] }).messages.at(-1)!.content,
      ).toContain('91100');
      for (const file of readdirSync(out))
        expect(readFileSync(path.join(out, file), 'utf8')).not.toContain(KEY);
      for (const dir of readdirSync(path.join(dataDir, 'conversations'))) {
        expect(
          readFileSync(path.join(dataDir, 'conversations', dir, 'conversation.json'), 'utf8'),
        ).not.toContain(KEY);
      }
      expect(r.stderr + r.stdout).not.toContain(KEY);
    } finally {
      await server.close();
    }
  });

  it('--json traces the answer: an invented figure is unsupported, the others name their output line', async () => {
    const server = await startOpenAIServer([
      {
        reply: code(
          "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df.groupby('region')['revenue'].sum().to_string())",
        ),
      },
      { reply: 'West made 20,600 and East $26,700.\n\nTERMINATE' },
    ]);
    try {
      const r = await analyse([
        SALES_CSV,
        '--base-url',
        server.url,
        '--model',
        'm',
        '--mode',
        'local',
        '--out',
        path.join(tmp, 'out-trace'),
        '--json',
      ]);
      expect(r.status, r.stderr).toBe(0);
      // region / East 18500 / North 31800 / South 20200 / West 20600
      expect(JSON.parse(r.stdout).answer).toEqual({
        text: 'West made 20,600 and East $26,700.',
        answered: true,
        claims: [
          { text: '20,600', value: 20600, supported: true, source: { block: 1, line: 5 } },
          { text: '$26,700', value: 26700, supported: false, source: null },
        ],
      });
    } finally {
      await server.close();
    }
  });

  it('says so when the named key variable is not set', async () => {
    const r = await analyse([
      SALES_CSV,
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--model',
      'm',
      '--api-key-env',
      'PW_UNSET_VAR',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('plotwright analyse: the environment variable PW_UNSET_VAR is not set\n');
  });

  it('stops with one clear line when the key is rejected', async () => {
    const server = await startOpenAIServer([{ status: 401 }]);
    try {
      const r = await analyse(
        [
          SALES_CSV,
          '--base-url',
          server.url,
          '--model',
          'm',
          '--mode',
          'local',
          '--out',
          path.join(tmp, 'out-401'),
        ],
        { env: { OPENAI_API_KEY: 'sk-wrong' } },
      );
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(
        /^plotwright analyse: the API key was rejected by .* \(401\)/,
      );
      expect(r.stderr).not.toContain('    at ');
    } finally {
      await server.close();
    }
  });

  it('--approve always: a rejection typed on the terminal reaches the model', async () => {
    const server = await startOpenAIServer([
      { reply: code("open('x.txt', 'w').write('hi')") },
      { reply: 'Fine, no files. TERMINATE' },
    ]);
    try {
      const r = await analyse(
        [
          SALES_CSV,
          '--base-url',
          server.url,
          '--model',
          'm',
          '--mode',
          'local',
          '--approve',
          'always',
          '--out',
          path.join(tmp, 'out-approve'),
          '--json',
        ],
        {
          input: 'n\nplease do not write files\n',
        },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain("open('x.txt', 'w').write('hi')");
      expect(r.stderr).toContain('Run it? [y]es / [e]dit / [n]o / [c]ancel:');
      const last = (server.chatRequests()[1]!.json as { messages: { content: string }[] }).messages.at(
        -1,
      )!.content;
      expect(last).toBe(
        'The user rejected the code block and did not run it. Their feedback: please do not write files',
      );
      expect(JSON.parse(r.stdout).executions).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('ends normally (exit 0) at the turn limit', async () => {
    const server = await startOpenAIServer(Array.from({ length: 5 }, () => ({ reply: code('print(1)') })));
    try {
      const r = await analyse([
        SALES_CSV,
        '--base-url',
        server.url,
        '--model',
        'm',
        '--mode',
        'local',
        '--max-turns',
        '2',
        '--out',
        path.join(tmp, 'out-turns'),
        '--json',
      ]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ stopReason: 'max-turns', turns: 2 });
      expect(JSON.parse(r.stdout).answer).toMatchObject({ answered: false }); // it never answered
    } finally {
      await server.close();
    }
  });
});

it('keeps the input folder untouched through a whole analysis', async () => {
  const folder = mkdtempSync(path.join(tmp, 'untouched-'));
  const input = path.join(folder, 'sales.csv');
  copyFileSync(SALES_CSV, input);
  mkdirSync(path.join(tmp, 'elsewhere'), { recursive: true });
  const r = await analyse([input, '--mode', 'local', '--out', path.join(tmp, 'elsewhere')]);
  expect(r.status).toBe(0);
  expect(listing(folder)).toEqual(['sales.csv']);
  expect(sha(input)).toBe(sha(SALES_CSV));
});
