// Stop, then Continue (engine.ts recover): the re-run block sees the files the stopped block wrote
// (only in-memory state is lost), in Docker and in the local sandbox; real executor, scripted model.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConversationRun } from '../../electron/core/agent/engine';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { createConversation } from '../../electron/core/agent/service';
import { MemoryConversationStore } from '../support/memory-store';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ChatMessage, ChatModel, CompletionOptions } from '../../electron/model/llm/types';
import { SALES_CSV } from './support/env';

const BLOCK = `
import os, time
if os.path.exists('marker.txt'):
    print('marker seen:', open('marker.txt').read())
else:
    with open('marker.txt', 'w') as f:
        f.write('from the stopped block')
    print('marker written', flush=True)
    time.sleep(60)
`;

class OneReply implements ChatModel {
  readonly info = {
    kind: 'openai-compatible' as const,
    model: 'scripted',
    endpoint: 'http://models.test:8080/v1',
    contextTokens: 100_000,
  };
  private replies = [`Writing a marker:\n\n\`\`\`python\n${BLOCK}\n\`\`\``, 'Done. TERMINATE'];
  async complete(_messages: ChatMessage[], options: CompletionOptions = {}) {
    const content = this.replies.shift() ?? 'TERMINATE';
    options.onToken?.(content);
    return { content };
  }
}

for (const mode of ['docker', 'local', 'auto'] as const) {
  describe(`Stop then Continue (${mode})`, () => {
    const root = mkdtempSync(path.join(os.tmpdir(), `pw-continue-${mode}-`));
    const store = new MemoryConversationStore(root);
    const executor = new ExecutorService({ mode });
    afterAll(async () => {
      await executor.shutdown();
      rmSync(root, { recursive: true, force: true });
    });

    it('the re-run block sees the file written before the Stop', async () => {
      const conv = await createConversation(store, {
        file: SALES_CSV,
        model: {
          kind: 'openai-compatible',
          baseUrl: 'http://models.test:8080/v1',
          model: 'scripted',
          label: 'x',
        },
        settings: { maxTurns: 4, mode, approval: 'never' },
      });
      const run = new ConversationRun({ executor, store }, conv, { model: new OneReply(), dataBrief: null });
      const modes: string[] = [];
      run.subscribe((e) => {
        if (e.type === 'execution-info') modes.push(e.info.mode);
        if (e.type === 'block-output' && e.text.includes('marker written')) run.cancel();
      });
      const stopped = await run.ask('Write a marker');
      expect(stopped.stopReason).toBe('cancelled');
      const first = stopped.messages.find((m): m is AssistantMessage => m.role === 'assistant')!;
      expect(first.blocks[0]!.status).toBe('cancelled');
      expect(modes).toEqual([mode === 'auto' ? 'docker' : mode]); // auto: Docker on this machine
      const resumed = await run.recover('continue');
      const block = resumed.messages.find((m): m is AssistantMessage => m.role === 'assistant')!.blocks[0]!;
      expect(block.output).toContain('marker seen: from the stopped block');
      expect(block.status).toBe('succeeded');
      await run.close();
    });
  });
}
