// A real conversation for the report tests: code run by the real executor (local mode) on a
// sales-like CSV full of hostile values, assembled by hand into a Conversation.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {
  AssistantMessage,
  BlockRun,
  BlockStatus,
  Conversation,
  Message,
} from '../../electron/model/agent/conversation';
import { DEFAULT_CONVERSATION_SETTINGS } from '../../electron/model/agent/conversation';
import { ExecutorService } from '../../electron/core/exec/executor';
import { formatAutogen } from '../../electron/core/exec/result';
import type { ExecLanguage, ExecResult } from '../../electron/model/exec/types';
import type { ReportContext } from '../../electron/core/report/index';

export const CSV_NAME = 'sales.csv';
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  sql: '"; DROP TABLE sales; --',
  fence: '```',
  zurich: 'Zürich',
  tokyo: '東京',
} as const;
export const NOTE_COLUMN = '<em>note</em>';
export const TITLE = `Revenue by region — ${HOSTILE.zurich} & ${HOSTILE.tokyo} <script>`;
export const QUESTION = `What is the revenue by region? ${HOSTILE.img}`;

/** city, region, revenue per day; the totals the tests look for are below. */
const ROWS: [string, string, string, number, number][] = [
  ['2026-01-01', 'North', HOSTILE.zurich, 12, 1200.5],
  ['2026-01-01', 'South', HOSTILE.tokyo, 7, 830],
  ['2026-01-02', 'North', HOSTILE.script, 3, 410.25],
  ['2026-01-02', 'East', HOSTILE.img, 9, 975],
  ['2026-01-03', 'West', HOSTILE.sql, 4, 640],
  ['2026-01-03', 'South', HOSTILE.fence, 11, 1320],
  ['2026-01-04', 'East', HOSTILE.zurich, 6, 705.75],
  ['2026-01-04', 'West', HOSTILE.tokyo, 8, 910],
  ['2026-01-05', 'North', HOSTILE.fence, 5, 530],
];
/** Revenue by region, as the first block prints it. */
export const TOTALS = { North: 2140.75, South: 2150, East: 1680.75, West: 1550 };
export const GRAND_TOTAL = 7521.5;
export const CITIES = 6;

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(): string {
  const header = ['date', 'region', 'city', 'units', 'revenue', NOTE_COLUMN];
  const lines = [header.map(csvCell).join(',')];
  ROWS.forEach((r, i) =>
    lines.push([...r, i % 2 ? HOSTILE.script : `ok ${HOSTILE.fence}`].map(csvCell).join(',')),
  );
  return lines.join('\n') + '\n';
}

const fence = (lang: string, code: string) => `\`\`\`${lang}\n${code}\n\`\`\``;

export const CODE = {
  load: `import pandas as pd
df = pd.read_csv('${CSV_NAME}')
print(df.shape)
totals = df.groupby('region')['revenue'].sum().sort_values(ascending=False)
print(totals.to_string())
print('TOTAL', df['revenue'].sum())`,
  typo: `print(df.groupby('Region')['revenue'].sum())`,
  afterTypo: `print('never printed')`,
  fix: `by_city = df.groupby('city', as_index=False)['revenue'].sum()
print(by_city.to_string(index=False))
print('Cities:', len(by_city))`,
  charts: `from plotwright import chart
chart(by_city, kind='bar', x='city', y='revenue', title='Revenue by city ${HOSTILE.script}')
daily = df.assign(date=pd.to_datetime(df['date'])).groupby('date', as_index=False)[['revenue', 'units']].sum()
chart(daily, kind='line', x='date', y=['revenue', 'units'], title='Daily revenue & units')`,
  figure: `import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
ax = totals.plot(kind='bar', title='Revenue by region')
ax.set_ylabel('revenue')
plt.tight_layout()
plt.show()
print('figure drawn')`,
  shell: `wc -l ${CSV_NAME}`,
  rejected: `df.to_csv('${CSV_NAME}', index=False)`,
} as const;

export interface Fixture {
  ctx: ReportContext;
  csvPath: string;
  root: string;
  cleanup(): Promise<void>;
}

export async function buildFixture(): Promise<Fixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pw-report-'));
  const inputDir = path.join(root, 'input');
  const workspaceDir = path.join(root, 'workspace');
  await mkdir(inputDir);
  const csvPath = path.join(inputDir, CSV_NAME);
  await writeFile(csvPath, csvText());
  const sha256 = createHash('sha256')
    .update(await readFile(csvPath))
    .digest('hex');

  const executor = new ExecutorService({ mode: 'local' });
  const session = await executor.openSession({ workspaceDir, inputs: [csvPath], mode: 'local' });
  const start = Date.parse('2026-02-03T09:00:00Z');
  let tick = 0;
  const at = () => new Date(start + 1000 * tick++).toISOString();
  let ids = 0;
  const id = (p: string) => `${p}-${++ids}`;
  const messages: Message[] = [];

  try {
    const run = async (language: ExecLanguage, code: string, index: number): Promise<BlockRun> => {
      const startedAt = at();
      const result: ExecResult = await session.run(language, code);
      const status: BlockStatus = result.timedOut
        ? 'timed-out'
        : result.exitCode === 0
          ? 'succeeded'
          : 'failed';
      return { index, language, code, status, result, startedAt, endedAt: at() };
    };
    const assistant = async (
      content: string,
      plan: (Partial<BlockRun> & { language: ExecLanguage; code: string; status?: BlockStatus })[] = [],
    ): Promise<AssistantMessage> => {
      const blocks: BlockRun[] = [];
      for (const [index, b] of plan.entries()) {
        if (b.status === 'rejected' || b.status === 'not-run') blocks.push({ ...b, index, status: b.status });
        else blocks.push(await run(b.language, b.code, index));
      }
      const msg: AssistantMessage = { id: id('a'), role: 'assistant', at: at(), content, blocks };
      messages.push(msg);
      const results = blocks.flatMap((b) => (b.result ? [b.result] : []));
      if (results.length > 0) {
        const exitCode = results[results.length - 1]!.exitCode;
        const text = formatAutogen(exitCode, results.map((r) => r.output).join('\n'));
        messages.push({ id: id('x'), role: 'execution', at: at(), content: text, exitCode, replyTo: msg.id });
      }
      return msg;
    };

    messages.push({ id: id('u'), role: 'user', at: at(), content: QUESTION });
    await assistant(
      `I'll load **${CSV_NAME}** and total the revenue by region.\n\n${fence('python', CODE.load)}`,
      [{ language: 'python', code: CODE.load }],
    );
    await assistant(
      `Now the same by region with a capital R:\n\n${fence('python', CODE.typo)}\n\nThen:\n\n${fence('python', CODE.afterTypo)}`,
      [
        { language: 'python', code: CODE.typo },
        { language: 'python', code: CODE.afterTypo, status: 'not-run' },
      ],
    );
    await assistant(
      `The column is lowercase \`region\`; here is revenue by city instead:\n\n${fence('python', CODE.fix)}`,
      [{ language: 'python', code: CODE.fix }],
    );
    await assistant(`Two charts:\n\n${fence('python', CODE.charts)}`, [
      { language: 'python', code: CODE.charts },
    ]);
    await assistant(
      `A matplotlib figure, and the line count:\n\n${fence('python', CODE.figure)}\n\n${fence('sh', CODE.shell)}`,
      [
        { language: 'python', code: CODE.figure },
        { language: 'sh', code: CODE.shell },
      ],
    );
    await assistant(`Let me save a cleaned copy:\n\n${fence('python', CODE.rejected)}`, [
      {
        language: 'python',
        code: CODE.rejected,
        status: 'rejected',
        feedback: `Don't overwrite my file ${HOSTILE.script}`,
      },
    ]);
    messages.push({ id: id('u'), role: 'user', at: at(), content: 'Fine, just summarise.' });
    await assistant(
      [
        'Summary <b onclick=x>so far</b>, with <img src=x onerror=alert(1)> inline HTML:',
        '',
        '| region | revenue |',
        '| --- | ---: |',
        ...Object.entries(TOTALS).map(([r, v]) => `| ${r} | ${v.toFixed(2)} |`),
        '',
        `A value from the data: ${HOSTILE.script}`,
      ].join('\n'),
    );
    messages.push({
      id: id('n'),
      role: 'notice',
      at: at(),
      level: 'warning',
      content: `The model mentioned ${HOSTILE.img} — shown here as text.`,
    });
    await assistant(
      `North and South lead with about 2,150 each; the grand total is ${GRAND_TOTAL}.\n\nTERMINATE`,
    );

    const info = await session.kernelInfo();
    const conversation: Conversation = {
      version: 1,
      id: 'conv-fixture',
      title: TITLE,
      createdAt: new Date(start).toISOString(),
      updatedAt: at(),
      file: {
        name: CSV_NAME,
        originalPath: csvPath,
        sha256,
        size: Buffer.byteLength(csvText()),
        rows: ROWS.length,
        columns: 6,
      },
      model: {
        kind: 'openai-compatible',
        baseUrl: 'http://localhost:11434/v1',
        model: 'llama3.1:8b',
        label: `Ollama llama3.1 ${HOSTILE.script}`,
      },
      settings: { ...DEFAULT_CONVERSATION_SETTINGS, mode: 'local' },
      messages,
      status: 'finished',
      stopReason: 'terminated',
      error: null,
      turns: 8,
      execution: {
        mode: session.mode,
        description: session.sandbox.description,
        warnings: [...session.sandbox.warnings],
        python: info?.python,
        packages: Object.fromEntries(
          (['pandas', 'numpy', 'matplotlib'] as const).flatMap((k) => (info?.[k] ? [[k, info[k]]] : [])),
        ),
      },
    };
    return {
      ctx: { conversation, workspaceDir, generatedAt: new Date('2026-02-03T10:00:00Z') },
      csvPath,
      root,
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  } finally {
    await session.close();
    await executor.shutdown();
  }
}

/** An ExecResult without running anything (unit tests). */
export function fakeResult(over: Partial<ExecResult> = {}): ExecResult {
  return {
    exitCode: 0,
    output: '',
    timedOut: false,
    mode: 'local',
    language: 'python',
    warnings: [],
    artifacts: [],
    charts: [],
    durationMs: 12,
    stateLost: false,
    omittedBytes: 0,
    ...over,
  };
}

/** A hand-made conversation around `messages` (unit tests). */
export function syntheticContext(
  workspaceDir: string,
  messages: Message[],
  over: Partial<Conversation> = {},
): ReportContext {
  return {
    workspaceDir,
    generatedAt: new Date('2026-03-01T12:00:00Z'),
    conversation: {
      version: 1,
      id: 'conv-unit',
      title: 'Unit report',
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T11:00:00.000Z',
      file: {
        name: 'data.csv',
        originalPath: '/nowhere/data.csv',
        sha256: 'ab'.repeat(32),
        size: 10,
        rows: 2,
        columns: 2,
      },
      model: { kind: 'builtin', label: 'Built-in analyst' },
      settings: DEFAULT_CONVERSATION_SETTINGS,
      messages,
      status: 'finished',
      stopReason: 'terminated',
      error: null,
      turns: 1,
      execution: {
        mode: 'local',
        description: 'local sandbox',
        warnings: [],
        python: '3.11.2',
        packages: {},
      },
      ...over,
    },
  };
}
