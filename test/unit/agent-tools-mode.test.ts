// Tools mode's pieces: a reply's blocks (calls queued, code shown and never run), what goes back to
// the model (an assistant message carrying its calls, then one tool message per call, never a tool
// message without its call, even when old turns are dropped), and the settings that select it.
import { describe, expect, it } from 'vitest';
import { chatMessages, systemPrompt } from '../../electron/core/agent/prompt';
import {
  CODE_NOT_RUN_IN_TOOLS_MODE,
  offeredTools,
  toolsModeBlocks,
  toolsPlan,
} from '../../electron/core/agent/tool-calls';
import { TOOLS_INSTRUCTIONS } from '../../electron/core/tools';
import type { AssistantMessage, BlockRun, Conversation } from '../../electron/model/agent/conversation';
import { usesTools } from '../../electron/model/agent/tools-mode';
import {
  conversationSettings,
  DEFAULT_APP_SETTINGS,
  loadSettings,
  MODE_DESCRIPTIONS,
} from '../../electron/model/settings';
import { profileFor } from '../support/run-analyst';
import { blankConversation } from '../support/conversation';
import { SALES_CSV } from '../integration/support/env';

const profile = profileFor(SALES_CSV);
const scope = { profile, privacy: 'sample' } as const;
const at = '2026-12-01T10:00:00.000Z';
const MODEL = { kind: 'openai-compatible', baseUrl: 'http://x/v1', model: 'm', label: 'm' } as const;

function toolsConversation(messages: Conversation['messages']): Conversation {
  const c = blankConversation();
  return { ...c, model: MODEL, settings: { ...c.settings, execution: 'tools' }, messages };
}

describe('a tools-mode reply as blocks', () => {
  it('structured calls are queued tool blocks; code blocks are shown and never run', () => {
    const content = 'Let me look.\n\n```python\nimport os\nos.remove("x")\n```\n';
    const blocks = toolsModeBlocks(
      content,
      [
        { id: 'call_a', name: 'aggregate', arguments: '{"measure":"units","agg":"sum","by":"region"}' },
        { id: 'call_b', name: 'aggregate', arguments: '{"measure":"unit","agg":"sum"}' },
      ],
      scope,
    );
    expect(blocks.map((b) => [b.index, b.language, b.status])).toEqual([
      [0, 'python', 'not-run'],
      [1, 'tool', 'queued'],
      [2, 'tool', 'queued'],
    ]);
    expect(JSON.parse(blocks[1]!.code)).toEqual({
      name: 'aggregate',
      arguments: { measure: 'units', agg: 'sum', by: 'region' },
    });
    expect(blocks[1]!.tool).toMatchObject({ name: 'aggregate', callId: 'call_a' });
    expect(blocks[1]!.tool!.summary).toMatch(/units/);
    expect(blocks[1]!.tool!.equivalentCode).toMatch(/groupby|df/);
    // a call that does not fit the data: no summary, no code (it fails with its tool error when run)
    expect(blocks[2]!.tool).toEqual({ name: 'aggregate', callId: 'call_b', summary: '', equivalentCode: '' });
  });

  it('without structured calls, calls printed as JSON are the tool blocks, in place; their fence is not also code', () => {
    const call = '{"name": "count_rows", "arguments": {}}';
    const content = `First:\n\n\`\`\`json\n${call}\n\`\`\`\n\nThen:\n\n\`\`\`\n{"name": "profile", "arguments": {}}\n\`\`\`\n`;
    const blocks = toolsModeBlocks(content, [], scope);
    expect(blocks.map((b) => [b.language, b.tool?.name, b.tool?.callId, b.status])).toEqual([
      ['tool', 'count_rows', null, 'queued'],
      ['tool', 'profile', null, 'queued'],
    ]);
    expect(content.slice(blocks[0]!.start, blocks[0]!.end)).toContain(call);
  });

  it('the plan: the calls run; code without calls is answered unless the reply ends the run', () => {
    const code: BlockRun = { index: 0, language: 'python', code: 'x', status: 'not-run' };
    const call = toolsModeBlocks('', [{ id: 'c', name: 'profile', arguments: '' }], scope)[0]!;
    expect(toolsPlan({ content: 'x', blocks: [code, { ...call, index: 1 }] }).blocks).toHaveLength(1);
    expect(toolsPlan({ content: 'x', blocks: [code] })).toEqual({
      blocks: [],
      unsupported: CODE_NOT_RUN_IN_TOOLS_MODE,
    });
    expect(toolsPlan({ content: 'Done. TERMINATE', blocks: [code] })).toEqual({
      blocks: [],
      unsupported: null,
    });
    expect(toolsPlan({ content: 'Done.', blocks: [] })).toEqual({ blocks: [], unsupported: null });
  });
});

describe('the tools offered, by privacy level', () => {
  const withFile = (privacy: Conversation['settings']['privacy']): Conversation => {
    const c = toolsConversation([]);
    return {
      ...c,
      file: {
        name: profile.name,
        originalPath: profile.path,
        sha256: profile.sha256,
        size: profile.size,
        rows: profile.rows,
        columns: profile.columns.length,
        profile,
      },
      settings: { ...c.settings, privacy },
    };
  };
  it('name the file\'s columns at schema and sample, and none at "none" (nothing of the file is sent)', () => {
    const names = profile.columns.map((c) => c.name);
    for (const privacy of ['schema', 'sample'] as const) {
      const text = JSON.stringify(offeredTools(withFile(privacy)));
      for (const n of names) expect(text).toContain(JSON.stringify(n));
    }
    const hidden = JSON.stringify(offeredTools(withFile('none')));
    for (const n of ['region', 'revenue', 'units', 'product']) expect(hidden).not.toContain(`"${n}"`);
    expect(offeredTools(withFile('none')).map((t) => t.function.name)).toEqual(
      offeredTools(withFile('sample')).map((t) => t.function.name),
    );
  });
});

describe('what goes back to the model in tools mode', () => {
  const reply = (id: string, output: string, status: BlockRun['status'] = 'succeeded'): AssistantMessage => ({
    id,
    role: 'assistant',
    at,
    content: '',
    blocks: [
      {
        index: 0,
        language: 'tool',
        code: JSON.stringify({ name: 'count_rows', arguments: {} }),
        tool: { name: 'count_rows', callId: `call_${id}`, summary: 'rows', equivalentCode: 'len(df)' },
        status,
        output,
      },
    ],
  });
  const execution = (replyTo: string) =>
    ({ id: `x${replyTo}`, role: 'execution', at, content: 'exitcode: 0', exitCode: 0, replyTo }) as const;

  it('the assistant message carries its calls; each result is a tool message; the execution message is not sent', () => {
    const conv = toolsConversation([
      { id: 'u', role: 'user', at, content: 'How many rows?' },
      reply('a', 'Rows: 10'),
      execution('a'),
      reply('b', "unknown column 'x': the columns are a, b", 'failed'),
      execution('b'),
    ]);
    const sent = chatMessages(conv, 'SYSTEM', 100_000);
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(sent[2]!.toolCalls).toEqual([{ id: 'call_a', name: 'count_rows', arguments: '{}' }]);
    expect(sent[3]).toEqual({ role: 'tool', toolCallId: 'call_a', content: 'Rows: 10' });
    expect(sent[5]).toEqual({
      role: 'tool',
      toolCallId: 'call_b',
      content: "Error: unknown column 'x': the columns are a, b",
    });
  });

  it('a call that never ran is still answered (the API wants every call answered)', () => {
    const conv = toolsConversation([
      { id: 'u', role: 'user', at, content: 'q' },
      reply('a', '', 'cancelled'),
    ]);
    expect(chatMessages(conv, 'S', 100_000).at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'call_a',
      content: 'This call did not run (cancelled).',
    });
  });

  it('dropping old turns to fit never leaves a tool message without its call', () => {
    const big = 'x'.repeat(3000);
    const messages: Conversation['messages'] = [{ id: 'u', role: 'user', at, content: 'q' }];
    // the replies' text is what fills the budget: dropping a reply is what makes the rest fit
    for (let i = 0; i < 12; i++)
      messages.push({ ...reply(`r${i}`, 'Rows: 10'), content: big }, execution(`r${i}`));
    const sent = chatMessages(toolsConversation(messages), 'S', 4000);
    expect(sent.length).toBeLessThan(2 + 24);
    sent.forEach((m, i) => {
      if (m.role !== 'tool') return;
      const call = sent
        .slice(0, i)
        .reverse()
        .find((p) => p.role !== 'tool');
      expect(call?.role).toBe('assistant');
      expect(call?.toolCalls?.map((c) => c.id)).toContain(m.toolCallId);
    });
  });

  it('the system prompt is the tools instructions with the file and the data brief', () => {
    const system = systemPrompt({
      fileName: 'sales.csv',
      dataBrief: 'BRIEF',
      executionOn: false,
      tools: true,
    });
    expect(system.startsWith(TOOLS_INSTRUCTIONS)).toBe(true);
    expect(system).toContain('"sales.csv"');
    expect(system).toContain('BRIEF');
    expect(system).not.toMatch(/```python|Code execution is turned off/);
  });
});

describe('the tools security mode', () => {
  it('selects execution "tools" with the sandbox on auto, and is described', () => {
    const { settings, problems } = loadSettings({ ...DEFAULT_APP_SETTINGS, securityMode: 'tools' });
    expect(problems).toEqual([]);
    expect(settings.securityMode).toBe('tools');
    expect(conversationSettings(settings, 0, () => 0)).toMatchObject({ mode: 'auto', execution: 'tools' });
    expect(MODE_DESCRIPTIONS.tools).toMatch(/never has code executed/);
  });

  it('applies to models only: the built-in analyst runs its own reviewed code as always', () => {
    const conv = toolsConversation([]);
    expect(usesTools(conv)).toBe(true);
    expect(usesTools({ ...conv, model: { kind: 'builtin', label: 'b' } })).toBe(false);
    expect(usesTools({ ...conv, settings: { ...conv.settings, execution: 'on' } })).toBe(false);
  });
});
