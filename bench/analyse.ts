// bench/analyse — the offline analysis end to end (profile the file, the built-in analyst's whole
// conversation through the real executor), beside a bare `pandas.read_csv` of the same file in
// the same run, for sales.csv, diamonds.csv (54k rows) and a generated ~1 GB CSV; plus the size of
// the prompt a model would be sent (system prompt with the data brief + the question).
// Targets: ≤ 2× read_csv at 1 GB; prompt size independent of file size.
//   npm run bench:analyse            (BENCH_GB=0.2 for a smaller generated file, BENCH_MODE=docker)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstQuestion, openConversationRun } from '../electron/core/agent/open-run';
import { chatMessages, systemPrompt } from '../electron/core/agent/prompt';
import { BUILTIN_MODEL, createConversation } from '../electron/core/agent/service';
import { FileConversationStore } from '../electron/core/agent/store';
import { dataBrief } from '../electron/core/data/privacy';
import { ExecutorService } from '../electron/core/exec/executor';
import { requirePython } from '../electron/core/exec/local/python';
import type { ExecMode } from '../electron/model/exec/types';

const DATASETS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const GB = Number(process.env.BENCH_GB ?? 1);
const MODE = (process.env.BENCH_MODE ?? 'local') as ExecMode;

/** A sales-like CSV of about `bytes`: date, category columns, measures, an id; written by streaming. */
async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const products = ['Widget Pro', 'Gadget Lite', 'Gizmo', 'Doohickey Max', 'Thingamajig'];
  const regions = ['North', 'South', 'East', 'West'];
  out.write('order_id,date,product,region,revenue,units,discount\n');
  let written = 0;
  let rows = 0;
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  while (written < bytes) {
    let chunk = '';
    for (let i = 0; i < 10_000; i++, rows++) {
      const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 1095) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const units = 1 + Math.floor(rand() * 200);
      chunk += `${rows + 1},${day},${products[rows % 5]},${regions[Math.floor(rand() * 4)]},${(units * (20 + rand() * 80)).toFixed(2)},${units},${(rand() * 0.3).toFixed(3)}\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

function readCsvSeconds(python: string, file: string): number {
  const script =
    'import sys, time\nimport pandas as pd\nt = time.perf_counter()\ndf = pd.read_csv(sys.argv[1])\nprint(time.perf_counter() - t, len(df))';
  const r = spawnSync(python, ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`read_csv failed: ${r.stderr}`);
  return Number(r.stdout.split(' ')[0]);
}

async function analyse(root: string, file: string) {
  const store = new FileConversationStore(path.join(root, 'conversations'));
  const executor = new ExecutorService({ mode: MODE });
  const started = performance.now();
  const conversation = await createConversation(store, {
    file,
    model: BUILTIN_MODEL,
    settings: { mode: MODE },
  });
  const profiled = performance.now();
  const profile = conversation.file!.profile!;
  const run = openConversationRun({ executor, store }, conversation);
  const question = firstQuestion(profile.name);
  const done = await run.ask(question);
  await run.close();
  const finished = performance.now();
  await executor.shutdown();
  const failed = done.messages
    .flatMap((m) => (m.role === 'assistant' ? m.blocks : []))
    .filter((b) => b.status !== 'succeeded');
  const prompt = chatMessages(
    { ...conversation, messages: [{ id: 'q', role: 'user', content: question, at: '' }] },
    systemPrompt({
      fileName: profile.name,
      dataBrief: dataBrief(profile, conversation.settings.privacy),
      executionOn: true,
    }),
    8192,
  );
  return {
    seconds: (finished - started) / 1000,
    profileSeconds: (profiled - started) / 1000,
    turns: done.turns,
    stop: done.stopReason,
    failedBlocks: failed.length,
    promptChars: prompt.reduce((n, m) => n + m.content.length, 0),
    rows: profile.rows,
    runsIn: done.execution?.description ?? '?',
  };
}

async function main(): Promise<number> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-analyse-'));
  try {
    const python = await requirePython();
    const big = path.join(root, 'generated.csv');
    const t = performance.now();
    const generatedRows = await generate(big, GB * 1e9);
    console.log(
      `generated ${(statSync(big).size / 1e9).toFixed(2)} GB (${generatedRows.toLocaleString()} rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const files = [path.join(DATASETS, 'sales.csv'), path.join(DATASETS, 'seaborn', 'diamonds.csv'), big];
    const rows = [];
    for (const file of files) {
      const baseline = readCsvSeconds(python.executable, file);
      const dir = path.join(root, path.basename(file, '.csv'));
      mkdirSync(dir);
      const r = await analyse(dir, file);
      rows.push({ file: path.basename(file), size: statSync(file).size, baseline, ...r });
      console.log(
        `${path.basename(file)}: analysis ${r.seconds.toFixed(2)} s (profile ${r.profileSeconds.toFixed(2)} s, ${r.turns} turns, ${r.stop}, ${r.failedBlocks} failed blocks) vs read_csv ${baseline.toFixed(2)} s; prompt ${r.promptChars} chars`,
      );
    }
    console.log(`\ncode ran in: ${rows[0]!.runsIn}\n`);
    console.log(
      `${'file'.padEnd(16)}${'size'.padStart(10)}${'read_csv'.padStart(11)}${'analysis'.padStart(11)}${'ratio'.padStart(8)}${'prompt'.padStart(9)}`,
    );
    for (const r of rows) {
      const size =
        r.size > 1e9
          ? `${(r.size / 1e9).toFixed(2)} GB`
          : r.size > 1e6
            ? `${(r.size / 1e6).toFixed(1)} MB`
            : `${r.size} B`;
      console.log(
        `${r.file.padEnd(16)}${size.padStart(10)}${`${r.baseline.toFixed(2)} s`.padStart(11)}${`${r.seconds.toFixed(2)} s`.padStart(11)}${`${(r.seconds / r.baseline).toFixed(2)}×`.padStart(8)}${String(r.promptChars).padStart(9)}`,
      );
    }
    const largest = rows.at(-1)!;
    const prompts = rows.map((r) => r.promptChars);
    const checks = [
      {
        what: `analysis ≤ 2× read_csv at ${GB} GB`,
        ok: largest.seconds <= 2 * largest.baseline && largest.stop === 'terminated',
        value: `${(largest.seconds / largest.baseline).toFixed(2)}×`,
      },
      {
        what: 'prompt size independent of file size (within 10%)',
        ok: Math.max(...prompts) <= Math.min(...prompts) * 1.1 + 200,
        value: `${Math.min(...prompts)}–${Math.max(...prompts)} chars`,
      },
    ];
    console.log('');
    for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what.padEnd(50)} ${c.value}`);
    const out = path.resolve(import.meta.dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, `analyse-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`),
      JSON.stringify(rows, null, 2),
    );
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
