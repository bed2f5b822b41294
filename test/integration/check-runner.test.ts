// The "Check my model" runner as the app calls it: progress before and after each question,
// Cancel mid-question, and no code run where no sandbox passed the isolation probe.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAIModelRef } from '../../electron/core/agent/service';
import { CHECK_QUESTIONS } from '../../electron/core/check/questions';
import { CheckRefusedError, checkModel } from '../../electron/core/check/runner';
import type { CheckProgress } from '../../electron/model/check';
import { ExecutorService } from '../../electron/core/exec/executor';
import { startOpenAIServer } from '../support/openai-server';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pw-check-runner-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const totalRevenue = "import pandas as pd\nprint(round(pd.read_csv('sales.csv')['revenue'].sum(), 2))";

describe('checkModel', () => {
  it('reports progress, and Cancel stops the current question: the result holds the finished ones', async () => {
    const controller = new AbortController();
    const seen: CheckProgress[] = [];
    // the second question's code sleeps until it is cancelled
    const server = await startOpenAIServer((req) => {
      const messages = (req.json as { messages: { role: string; content: string }[] }).messages;
      if (messages.at(-1)!.content.startsWith('exitcode:'))
        return { reply: `It is ${messages.at(-1)!.content.split('Code output:')[1]!.trim()}.\n\nTERMINATE` };
      const slow = messages.some((m) => m.content.includes(CHECK_QUESTIONS[1]!.question));
      return { reply: `\`\`\`python\n${slow ? 'import time\ntime.sleep(60)' : totalRevenue}\n\`\`\`` };
    });
    const executor = new ExecutorService({ dataDir });
    try {
      const started = Date.now();
      const result = await checkModel({
        model: openAIModelRef(server.url, 'slow'),
        mode: 'local',
        executor,
        questions: CHECK_QUESTIONS.slice(0, 3),
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.index === 2 && !p.result) setTimeout(() => controller.abort(), 1500);
        },
      });
      expect(Date.now() - started).toBeLessThan(40_000);
      expect(seen.map((p) => [p.index, p.total, p.result?.verdict ?? null])).toEqual([
        [1, 3, null],
        [1, 3, 'right'],
        [2, 3, null],
      ]);
      expect(result.complete).toBe(false);
      expect(result.questions.map((q) => [q.id, q.verdict])).toEqual([['sales-total', 'right']]);
      expect(result.summary).toMatchObject({ total: 1, right: 1, accuracy: 100 });
      expect(result.sandbox).toMatchObject({ isolated: true });
    } finally {
      await executor.shutdown();
      await server.close();
    }
  });

  it('refuses before any code runs where no sandbox passed the isolation probe', async () => {
    const server = await startOpenAIServer(() => ({ reply: `\`\`\`python\n${totalRevenue}\n\`\`\`` }));
    const saved = process.env.PLOTWRIGHT_LOCAL_SANDBOX;
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const executor = new ExecutorService({ dataDir });
    try {
      await expect(
        checkModel({ model: openAIModelRef(server.url, 'm'), mode: 'local', executor }),
      ).rejects.toThrow(CheckRefusedError);
      expect(server.chatRequests()).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
      else process.env.PLOTWRIGHT_LOCAL_SANDBOX = saved;
      await executor.shutdown();
      await server.close();
    }
  });
});
