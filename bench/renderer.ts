// bench/renderer (npm run bench:renderer), in Debian's Chromium, all in one run:
//  1. a 1,000,000-point chart through the renderer's real ChartView (LTTB downsampling + recharts),
//     beside a 1,000-point chart and a 10,000-point chart drawn WITHOUT downsampling (baselines);
//     target: the 1 M-point chart drawn in ≤ 100 ms.
//  2. the real app (renderer build + core, through the e2e bridge) opening a 200-execution
//     conversation, beside a 20-execution one: time to show it, DOM size, scroll frame times,
//     typing in the composer; target: 200 executions stay responsive (virtualized).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Conversation, Message } from '../electron/model/agent/conversation';
import { DEFAULT_CONVERSATION_SETTINGS } from '../electron/model/agent/conversation';
import { summaryOf } from '../electron/core/agent/store';
import { openBridge } from '../test/e2e/bridge';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function chartBench() {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'bench', 'renderer-chart.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    loader: { '.css': 'empty' },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const measure = async (points: number, mode: 'view' | 'raw') => {
      await page.evaluate(([p, m]) => window.benchChart(p, m), [points, mode] as const); // warm-up
      const runs: { ms: number; drawn: number }[] = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await page.evaluate(([p, m]) => window.benchChart(p, m), [points, mode] as const));
      return { ms: median(runs.map((r) => r.ms)), drawn: runs[0]!.drawn };
    };
    return {
      million: await measure(1_000_000, 'view'),
      thousand: await measure(1_000, 'view'),
      tenThousandRaw: await measure(10_000, 'raw'),
    };
  } finally {
    await browser.close();
  }
}

/** A finished conversation with `n` executions: prose, a python block, 20 lines of output; a chart every 10th. */
function syntheticConversation(id: string, n: number): Conversation {
  const at = '2026-11-26T10:00:00.000Z';
  const messages: Message[] = [{ id: 'u0', role: 'user', content: 'Analyse the data', at }];
  for (let i = 0; i < n; i++) {
    const code = `summary_${i} = df.groupby('region').revenue.agg(['sum', 'mean'])\nprint(summary_${i})`;
    const output =
      Array.from({ length: 20 }, (_, k) => `region_${k}  ${1000 + i * k}  ${(i + k) / 3}`).join('\n') + '\n';
    const charts =
      i % 10 === 0
        ? [
            {
              version: 1 as const,
              kind: 'bar' as const,
              title: `Step ${i}`,
              x: 'g',
              series: [{ key: 'v', label: 'v' }],
              data: Array.from({ length: 8 }, (_, k) => ({ g: `g${k}`, v: k * i })),
            },
          ]
        : [];
    const content = `Step ${i}: totals by region, with **means**.\n\n\`\`\`python\n${code}\n\`\`\``;
    messages.push({
      id: `a${i}`,
      role: 'assistant',
      content,
      at,
      blocks: [
        {
          index: 0,
          language: 'python',
          code,
          status: 'succeeded',
          start: content.indexOf('```'),
          end: content.length,
          result: {
            exitCode: 0,
            output,
            timedOut: false,
            mode: 'local',
            language: 'python',
            warnings: [],
            artifacts: [],
            charts,
            durationMs: 12,
            stateLost: false,
            omittedBytes: 0,
          },
        },
      ],
    });
    messages.push({
      id: `x${i}`,
      role: 'execution',
      content: `exitcode: 0 (execution succeeded)\nCode output: ${output}`,
      exitCode: 0,
      replyTo: `a${i}`,
      at,
    });
  }
  messages.push({ id: 'done', role: 'assistant', content: 'All done.\n\nTERMINATE', at, blocks: [] });
  return {
    version: 1,
    id,
    title: `${n} executions`,
    createdAt: at,
    updatedAt: at,
    file: null,
    model: { kind: 'builtin', label: 'built-in analyst' },
    settings: { ...DEFAULT_CONVERSATION_SETTINGS },
    messages,
    status: 'finished',
    stopReason: 'terminated',
    error: null,
    turns: n,
    execution: null,
    seq: 0,
  };
}

async function conversationBench(executions: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-renderer-'));
  const conv = syntheticConversation(`bench-${executions}`, executions);
  mkdirSync(path.join(dataDir, 'conversations', conv.id), { recursive: true });
  writeFileSync(path.join(dataDir, 'conversations', conv.id, 'conversation.json'), JSON.stringify(conv));
  writeFileSync(
    path.join(dataDir, 'conversations', conv.id, 'summary.json'),
    JSON.stringify(summaryOf(conv)),
  );
  const bridge = await openBridge({
    dataDir,
    settings: { securityMode: 'local' },
    viewport: { width: 1280, height: 800 },
  });
  try {
    const { page } = bridge;
    const started = Date.now();
    await page.getByText(conv.title).first().click();
    await page.getByRole('log').getByText('All done.').waitFor({ timeout: 60_000 });
    const openMs = Date.now() - started;
    // A string, not a function: tsx's name-keeping helpers do not exist in the page.
    const result = (await page.evaluate(`(async () => {
      const log = document.querySelector('[role="log"]');
      let scroller = document.scrollingElement;
      for (let e = log; e; e = e.parentElement) {
        if (e.scrollHeight > e.clientHeight + 10 && getComputedStyle(e).overflowY !== 'visible') { scroller = e; break; }
      }
      const nodes = document.querySelectorAll('*').length;
      const frames = [];
      scroller.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(r));
      let last = performance.now();
      // the same speed for every conversation: 300 px a frame, a fast flick of the wheel
      const steps = 80;
      for (let i = 1; i <= steps; i++) {
        scroller.scrollTop = 300 * i;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      return { nodes, frames, height: scroller.scrollHeight };
    })()`)) as { nodes: number; frames: number[]; height: number };
    const composer = page.getByRole('textbox', { name: /follow-up|message|question/i }).first();
    await composer.click();
    const typing = Date.now();
    await composer.pressSequentially('Which region sold the most in March?');
    const typingMs = Date.now() - typing;
    return {
      executions,
      openMs,
      nodes: result.nodes,
      frameMedian: median(result.frames),
      frameP95: p95(result.frames),
      typingMs,
      height: result.height,
    };
  } finally {
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('the renderer build failed');
  const chart = await chartBench();
  console.log('charts (ChartView = downsampling + recharts; medians of 5, first draw to painted SVG):');
  console.log(
    `  1,000,000 points, downsampled  ${chart.million.ms.toFixed(1).padStart(7)} ms   (${chart.million.drawn} points drawn)`,
  );
  console.log(
    `  1,000 points (baseline)         ${chart.thousand.ms.toFixed(1).padStart(7)} ms   (${chart.thousand.drawn} points drawn)`,
  );
  console.log(
    `  10,000 points, NOT downsampled  ${chart.tenThousandRaw.ms.toFixed(1).padStart(7)} ms   (${chart.tenThousandRaw.drawn} points drawn)`,
  );
  const small = await conversationBench(20);
  const large = await conversationBench(200);
  console.log('\nconversations (the real app through the bridge):');
  for (const r of [small, large]) {
    console.log(
      `  ${String(r.executions).padStart(3)} executions: shown in ${r.openMs} ms, ${r.nodes} DOM nodes, scroll frames median ${r.frameMedian.toFixed(1)} ms / p95 ${r.frameP95.toFixed(1)} ms, typing 36 characters ${r.typingMs} ms`,
    );
  }
  const checks = [
    {
      what: '1 M-point chart drawn (downsampled)',
      ok: chart.million.ms <= 100,
      value: `${chart.million.ms.toFixed(1)} ms`,
      target: '≤ 100 ms',
    },
    {
      what: '200-execution conversation: DOM nodes vs 20',
      ok: large.nodes <= small.nodes * 2,
      value: `${large.nodes} vs ${small.nodes}`,
      target: '≤ 2× (virtualized)',
    },
    {
      what: '200-execution conversation: p95 scroll frame',
      ok: large.frameP95 <= 50,
      value: `${large.frameP95.toFixed(1)} ms`,
      target: '≤ 50 ms',
    },
    {
      what: '200-execution conversation: shown',
      ok: large.openMs <= 1500,
      value: `${large.openMs} ms`,
      target: '≤ 1500 ms',
    },
  ];
  console.log('');
  for (const c of checks)
    console.log(
      `${c.ok ? 'PASS' : 'FAIL'}  ${c.what.padEnd(46)} ${c.value.padStart(14)}  target ${c.target}`,
    );
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, `renderer-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`),
    JSON.stringify({ chart, small, large }, null, 2),
  );
  return checks.every((c) => c.ok) ? 0 : 1;
}

process.exitCode = await main();
