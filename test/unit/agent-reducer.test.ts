import { describe, expect, it } from 'vitest';
import { MAX_LIVE_OUTPUT, reduce, type AgentEvent } from '../../electron/model/agent/events';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { blankConversation } from '../support/conversation';

const at = '2026-11-26T10:00:00.000Z';
const assistant = (): AssistantMessage => ({
  id: 'a1',
  role: 'assistant',
  content: '',
  at,
  streaming: true,
  blocks: [],
});

describe('reduce', () => {
  it('builds a streamed reply from deltas, and a restart drops the partial text', () => {
    const events: AgentEvent[] = [
      { type: 'message', message: assistant(), at },
      { type: 'delta', id: 'a1', text: 'Let me ', at },
      { type: 'delta', id: 'a1', text: 'look', at },
      { type: 'restart', id: 'a1', at },
      { type: 'delta', id: 'a1', text: 'Loading', at },
    ];
    const conv = events.reduce(reduce, blankConversation());
    expect(conv.messages[0]).toMatchObject({ content: 'Loading', streaming: true });
  });

  it('is pure: the input conversation is never changed', () => {
    const before = blankConversation();
    const frozen = JSON.stringify(before);
    const after = reduce(before, { type: 'message', message: assistant(), at });
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).not.toBe(before);
    expect(after.updatedAt).toBe(at);
  });

  it('finishes a reply with its blocks, then tracks each block and its live output', () => {
    let conv = reduce(blankConversation(), { type: 'message', message: assistant(), at });
    conv = reduce(conv, {
      type: 'assistant-done',
      id: 'a1',
      content: '```python\nprint(1)\n```',
      blocks: [{ index: 0, language: 'python', code: 'print(1)', status: 'queued' }],
      at,
    });
    conv = reduce(conv, { type: 'block', id: 'a1', index: 0, patch: { status: 'running' }, at });
    conv = reduce(conv, { type: 'block-output', id: 'a1', index: 0, text: '1\n', at });
    const message = conv.messages[0] as AssistantMessage;
    expect(message.streaming).toBe(false);
    expect(message.blocks[0]).toMatchObject({ status: 'running', output: '1\n' });
  });

  it('drops a reply that ended without a word (the model failed first), keeps one cut short', () => {
    let conv = reduce(blankConversation(), { type: 'message', message: assistant(), at });
    conv = reduce(conv, { type: 'assistant-done', id: 'a1', content: '', blocks: [], at });
    expect(conv.messages).toEqual([]);
    conv = reduce(conv, { type: 'message', message: { ...assistant(), id: 'a2' }, at });
    conv = reduce(conv, { type: 'delta', id: 'a2', text: 'Let me', at });
    conv = reduce(conv, { type: 'assistant-done', id: 'a2', content: 'Let me', blocks: [], at });
    expect(conv.messages).toMatchObject([{ id: 'a2', content: 'Let me', streaming: false }]);
  });

  it('caps live output', () => {
    let conv = reduce(blankConversation(), {
      type: 'message',
      message: { ...assistant(), blocks: [{ index: 0, language: 'python', code: '', status: 'running' }] },
      at,
    });
    for (let i = 0; i < 3; i++)
      conv = reduce(conv, {
        type: 'block-output',
        id: 'a1',
        index: 0,
        text: 'x'.repeat(MAX_LIVE_OUTPUT / 2 + 1),
        at,
      });
    expect((conv.messages[0] as AssistantMessage).blocks[0]!.output).toHaveLength(MAX_LIVE_OUTPUT);
  });

  it('records how a run started and ended', () => {
    let conv = reduce(blankConversation(), { type: 'started', at });
    expect(conv).toMatchObject({ status: 'running', stopReason: null, turns: 0 });
    conv = reduce(conv, { type: 'turns', turns: 3, at });
    conv = reduce(conv, { type: 'finished', reason: 'max-turns', error: null, at });
    expect(conv).toMatchObject({ status: 'finished', stopReason: 'max-turns', turns: 3 });
  });

  it('ignores events for messages that do not exist', () => {
    const conv = reduce(blankConversation(), { type: 'delta', id: 'nope', text: 'x', at });
    expect(conv.messages).toEqual([]);
  });
});
