import { describe, expect, it } from 'vitest';
import type { Message } from '../../electron/model/agent/conversation';
import {
  budgets,
  chatMessages,
  saysTerminate,
  systemPrompt,
  trimMiddle,
} from '../../electron/core/agent/prompt';
import { blankConversation } from '../support/conversation';

const at = '2026-11-26T10:00:00.000Z';

describe('systemPrompt', () => {
  it('names the file, includes the data brief, the chart helper and how to finish', () => {
    const p = systemPrompt({ fileName: 'sales.csv', dataBrief: 'BRIEF-TEXT', executionOn: true });
    expect(p).toContain('"sales.csv"');
    expect(p).toContain('BRIEF-TEXT');
    expect(p).toContain('chart(df, kind=');
    expect(p).toContain('available without an import');
    expect(p).not.toContain('from plotwright');
    expect(p).toContain('TERMINATE');
    expect(p).not.toContain('turned off');
  });

  it('says when execution is off', () => {
    expect(systemPrompt({ fileName: null, dataBrief: null, executionOn: false })).toContain(
      'Code execution is turned off',
    );
  });
});

describe('trimMiddle', () => {
  it('keeps short text and cuts long text to head + tail with a notice, within the limit', () => {
    expect(trimMiddle('short', 100)).toBe('short');
    const long = `HEAD${'x'.repeat(10_000)}TAIL`;
    const cut = trimMiddle(long, 500);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut.startsWith('HEAD')).toBe(true);
    expect(cut.endsWith('TAIL')).toBe(true);
    expect(cut).toMatch(/… \d+ characters omitted …/);
  });
});

describe('chatMessages', () => {
  const conversation = (results: number, size: number) => {
    const messages: Message[] = [{ id: 'u', role: 'user', content: 'QUESTION', at }];
    for (let i = 0; i < results; i++) {
      messages.push({
        id: `a${i}`,
        role: 'assistant',
        content: `step ${i}\n\`\`\`python\nprint(${i})\n\`\`\``,
        at,
        blocks: [],
      });
      messages.push({
        id: `x${i}`,
        role: 'execution',
        content: `exitcode: 0 (execution succeeded)\nCode output: START${i}${'y'.repeat(size)}END${i}`,
        exitCode: 0,
        replyTo: `a${i}`,
        at,
      });
    }
    messages.push({ id: 'n', role: 'notice', level: 'info', content: 'NOTICE', at });
    return { ...blankConversation(), messages };
  };

  it('sends execution results back as user messages and never sends notices', () => {
    const msgs = chatMessages(conversation(1, 10), 'SYSTEM', 8192);
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(msgs.map((m) => m.content).join('')).not.toContain('NOTICE');
  });

  it('trims each result to its budget, keeping head and tail', () => {
    const msgs = chatMessages(conversation(1, 200_000), 'SYSTEM', 8192);
    const result = msgs[3]!.content;
    expect(result.length).toBeLessThanOrEqual(budgets(8192).perResult);
    expect(result).toContain('START0');
    expect(result).toContain('END0');
  });

  it('fits a long history into a small context: the question and the latest turns stay', () => {
    const msgs = chatMessages(conversation(30, 5000), 'SYSTEM', 4096);
    const size = msgs.reduce((n, m) => n + m.content.length, 0);
    expect(size).toBeLessThanOrEqual(budgets(4096).total);
    expect(msgs[1]!.content).toBe('QUESTION');
    expect(msgs.at(-1)!.content).toContain('END29');
  });

  it('leaves out a reply that is still streaming', () => {
    const conv = {
      ...blankConversation(),
      messages: [
        { id: 'a', role: 'assistant' as const, content: 'partial', at, streaming: true, blocks: [] },
      ],
    };
    expect(chatMessages(conv, 'S', 8192)).toHaveLength(1);
  });
});

describe('saysTerminate', () => {
  it('finds TERMINATE anywhere as a word', () => {
    expect(saysTerminate('All done.\n\nTERMINATE')).toBe(true);
    expect(saysTerminate('TERMINATE.')).toBe(true);
    expect(saysTerminate('the answer is 4 TERMINATE and more')).toBe(true);
    expect(saysTerminate('NOTERMINATED here')).toBe(false);
    expect(saysTerminate('terminate')).toBe(false);
  });
});
