// bench/check-model — "Check my model" on the built-in analyst (or on a model: BENCH_BASE_URL and
// BENCH_MODEL, key in OPENAI_API_KEY): the fixed questions over the generated tables, through the
// real loop and sandbox, judged against truths pandas computes. Prints the table and the figures.
// Target (built-in analyst): no wrong answer, accuracy at least 75 % (measured 2026-12-01: 75 %).
//   npm run bench:check            (BENCH_MODE=docker to run the code in Docker)
import { BUILTIN_MODEL, openAIModelRef } from '../electron/core/agent/service';
import { checkModel } from '../electron/core/check/runner';
import { checkTable } from '../electron/core/cli/check-model';
import type { ExecMode } from '../electron/model/exec/types';

const MODE = (process.env.BENCH_MODE ?? 'local') as ExecMode;
const { BENCH_BASE_URL: baseUrl, BENCH_MODEL: modelName } = process.env;
const model = baseUrl && modelName ? openAIModelRef(baseUrl, modelName) : BUILTIN_MODEL;

const result = await checkModel({
  model,
  mode: MODE,
  apiKey: () => process.env.OPENAI_API_KEY,
  onProgress: (p) => {
    if (p.result) process.stderr.write(`${p.index}/${p.total} ${p.result.verdict}: ${p.question}\n`);
  },
});
process.stdout.write(checkTable(result));
if (model.kind === 'builtin') {
  const ok = result.summary.wrong === 0 && result.summary.accuracy >= 75;
  process.stdout.write(`target (no wrong answer, accuracy ≥ 75 %): ${ok ? 'met' : 'MISSED'}\n`);
  process.exitCode = ok ? 0 : 1;
}
