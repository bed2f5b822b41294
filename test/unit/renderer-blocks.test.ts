import { describe, expect, it } from 'vitest';
import type { BlockRun, Conversation } from '../../electron/model/agent/conversation';
import { blockForFence, cutOutput, unplacedBlocks } from '../../renderer/src/conversation/blocks';
import { fold } from '../../renderer/src/conversation/live';

const block = (index: number, extra: Partial<BlockRun> = {}): BlockRun => ({
  index,
  language: 'python',
  code: `print(${index})`,
  status: 'succeeded',
  ...extra,
});

describe('blockForFence', () => {
  const text = 'Intro\n\n```python\nprint(0)\n```\n\n```js\nx\n```\n\n```py\nprint(1)\n```\n';
  const s0 = text.indexOf('```python');
  const s1 = text.indexOf('```py\n');
  const end = (start: number) => text.indexOf('```\n', start + 3) + 3;
  const located = [block(0, { start: s0, end: end(s0) }), block(1, { start: s1, end: end(s1) })];

  it('finds blocks by their offsets', () => {
    expect(blockForFence(located, { start: s1, end: end(s1) })?.index).toBe(1);
    expect(blockForFence(located, { start: s0 })?.index).toBe(0);
    expect(blockForFence(located, { start: text.indexOf('```js') })).toBeUndefined();
  });

  it('falls back to the order of the python/sh fences without offsets', () => {
    const plain = [block(0), block(1)];
    expect(blockForFence(plain, { start: s1, runIndex: 1 })?.index).toBe(1);
    expect(blockForFence(plain, { start: 5 })).toBeUndefined();
  });

  it('lists the blocks that no fence shows', () => {
    expect(unplacedBlocks(located, text)).toEqual([]);
    expect(unplacedBlocks([block(0), block(1), block(2)], text).map((b) => b.index)).toEqual([2]);
    expect(unplacedBlocks([block(0, { start: 0, end: 5 })], 'print(1)').map((b) => b.index)).toEqual([0]);
  });
});

describe('cutOutput', () => {
  it('keeps short output whole', () => {
    expect(cutOutput('a\nb\n')).toEqual({ head: 'a\nb', tail: '', hiddenLines: 0, totalLines: 2 });
  });

  it('cuts long output to head and tail', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const cut = cutOutput(text, 40, 20);
    expect(cut.totalLines).toBe(200);
    expect(cut.hiddenLines).toBe(140);
    expect(cut.head.split('\n')).toHaveLength(40);
    expect(cut.tail.split('\n')[19]).toBe('line 199');
  });
});

describe('fold (live events over a loaded snapshot, by sequence number)', () => {
  const at = '2026-01-01T00:00:10.000Z';
  const snapshot = {
    seq: 3,
    updatedAt: at,
    messages: [{ id: 'a1', role: 'assistant', content: 'hi', at: '', blocks: [], streaming: true }],
  } as unknown as Conversation;
  const delta = (text: string, seq: number) => ({
    event: { type: 'delta' as const, id: 'a1', text, at },
    seq,
  });

  it('skips the events the snapshot already holds and applies the rest in order', () => {
    const { conversation, gap } = fold(snapshot, [
      delta(' there', 5),
      delta('dup', 3),
      delta('!', 6),
      delta(' you', 4),
    ]);
    expect(gap).toBe(false);
    expect(conversation.seq).toBe(6);
    expect((conversation.messages[0] as { content: string }).content).toBe('hi you there!');
  });

  it('reports a gap instead of applying events out of order', () => {
    const { conversation, gap } = fold(snapshot, [delta('x', 6)]);
    expect(gap).toBe(true);
    expect(conversation).toBe(snapshot);
  });
});
