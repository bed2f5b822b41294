// bench/count-rows — record counting speed, all in one run (node bin/run-ts.mjs bench/count-rows.ts):
// generates a ~300 MB CSV in a temp dir (with quoted fields holding newlines and delimiters),
// then times `countRows` (count only, and count + sha256 as profileFile does it) against `wc -l`.
// Target: countRows ≥ 300 MB/s. BENCH_MB=… changes the file size; BENCH_RUNS=… the repetitions.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countRecords, countRows } from '../electron/core/data/count';

const TARGET_MB = Number(process.env.BENCH_MB ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function generate(file: string): Promise<number> {
  const out = createWriteStream(file);
  const regions = ['North', 'South', 'East', 'West'];
  let rows = 0;
  let bytes = 0;
  out.write('id,date,region,product,note,amount\n');
  while (bytes < TARGET_MB * 1e6) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, rows++) {
      const note =
        rows % 50 === 0 ? `"line one\nline two, with ""quotes"""` : rows % 7 === 0 ? '"a, b"' : 'plain';
      const day = String((rows % 28) + 1).padStart(2, '0');
      lines.push(
        `${rows},2026-01-${day},${regions[rows % 4]},Widget ${rows % 13},${note},${(rows * 7.31) % 10_000}`,
      );
    }
    const chunk = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return rows;
}

function wc(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('wc', ['-l', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number.parseInt(out, 10)));
  });
}

/** Best wall time of RUNS runs, and the CPU time (user + system) of that run. */
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  let best = { ms: Infinity, cpuMs: Infinity };
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    value = await fn();
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (ms < best.ms) best = { ms, cpuMs: (used.user + used.system) / 1000 };
  }
  return { ...best, value };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-count-'));
try {
  const file = path.join(dir, 'big.csv');
  const rows = await generate(file);
  const size = statSync(file).size;
  const mb = size / 1e6;
  console.log(
    `file: ${mb.toFixed(0)} MB, ${rows.toLocaleString('en-US')} data rows (best of ${RUNS} runs each)`,
  );
  await wc(file); // warm the page cache so every contender reads from memory
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
  const cpu = (r: { cpuMs: number }) => `(CPU ${r.cpuMs.toFixed(0)} ms: ${rate(r.cpuMs)})`;
  const count = await time(() => countRows(file, { header: true }));
  console.log(
    `countRows:          ${count.ms.toFixed(0)} ms  ${rate(count.ms)} ${cpu(count)}  rows=${count.value}`,
  );
  const hashed = await time(() => countRecords(file, { hash: true, checkUtf8: true }));
  console.log(
    `countRows + sha256 + UTF-8 check: ${hashed.ms.toFixed(0)} ms  ${rate(hashed.ms)} ${cpu(hashed)}  rows=${hashed.value.records - 1}`,
  );
  const lines = await time(() => wc(file));
  console.log(
    `wc -l:              ${lines.ms.toFixed(0)} ms  ${rate(lines.ms)}  lines=${lines.value} (not quote-aware)`,
  );
  if (count.value !== rows) console.error(`MISMATCH: countRows ${count.value} ≠ ${rows} generated rows`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
