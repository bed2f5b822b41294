// Tool calls that local models print as JSON text instead of making them are found, wherever and
// however they are written; JSON that is not a call of one of the tools is left alone.
import { describe, expect, it } from 'vitest';
import { toolCallsInText, toolErrorIn, toolsUnsupportedMessage } from '../../electron/core/tools';

const ARGS = { measure: 'units', agg: 'sum', by: 'region' };
const calls = (text: string) => toolCallsInText(text).map(({ name, arguments: a }) => [name, a]);

describe('tool calls written as text', () => {
  it('in a ```json block, as {name, arguments}', () => {
    const text = `I will add them up.\n\n\`\`\`json\n${JSON.stringify({ name: 'aggregate', arguments: ARGS }, null, 2)}\n\`\`\`\n`;
    const found = toolCallsInText(text);
    expect(found.map((c) => [c.name, c.arguments])).toEqual([['aggregate', ARGS]]);
    expect(text.slice(found[0]?.start, found[0]?.end)).toMatch(/^```json[\s\S]*```$/);
  });

  it('as bare JSON in the prose, in the shapes models use', () => {
    expect(calls(`Let me count. {"tool": "count_rows", "args": {}} Then more.`)).toEqual([
      ['count_rows', {}],
    ]);
    expect(calls(`{"name": "aggregate", "arguments": ${JSON.stringify(JSON.stringify(ARGS))}}`)).toEqual([
      ['aggregate', ARGS],
    ]);
    expect(
      calls(`{"type": "function", "function": {"name": "functions.profile", "arguments": "{}"}}`),
    ).toEqual([['profile', {}]]);
    expect(
      calls(
        `{"tool_calls": [{"function": {"name": "profile"}}, {"function": {"name": "aggregate", "arguments": ${JSON.stringify(JSON.stringify(ARGS))}}}]}`,
      ),
    ).toEqual([
      ['profile', {}],
      ['aggregate', ARGS],
    ]);
    expect(calls(`{"aggregate": ${JSON.stringify(ARGS)}}`)).toEqual([['aggregate', ARGS]]);
    expect(
      calls(`[{"name": "profile", "parameters": {}}, {"name": "count_rows", "parameters": {"filters": []}}]`),
    ).toEqual([
      ['profile', {}],
      ['count_rows', { filters: [] }],
    ]);
  });

  it('inside <tool_call> tags (Hermes/Qwen style), the tags included in the span', () => {
    const text = `<tool_call>\n{"name": "trend", "arguments": {"measure": "units", "date_column": "date", "period": "month", "agg": "sum"}}\n</tool_call>`;
    const [found] = toolCallsInText(text);
    expect(found?.name).toBe('trend');
    expect(found?.start).toBe(0);
    expect(found?.end).toBe(text.length);
  });

  it('several calls, in the order written', () => {
    const text = `First {"name": "profile", "arguments": {}}\n\n\`\`\`json\n{"name": "count_rows", "arguments": {}}\n\`\`\`\n\nthen {"name": "aggregate", "arguments": ${JSON.stringify(ARGS)}}`;
    expect(calls(text).map(([n]) => n)).toEqual(['profile', 'count_rows', 'aggregate']);
  });

  it('leaves alone what is not a call of a tool', () => {
    expect(calls('No calls here. TERMINATE')).toEqual([]);
    expect(calls('```python\nprint({"name": "aggregate", "arguments": {}})\n```')).toEqual([]);
    expect(calls('{"name": "run_python", "arguments": {"code": "print(1)"}}')).toEqual([]);
    expect(calls('```json\n{"region": "West", "units": 168}\n```')).toEqual([]);
    expect(calls('{"name": "aggregate", "arguments": "not json"}')).toEqual([]);
    expect(calls('{"name": "aggregate", "arguments": {"measure": "units"')).toEqual([]);
  });
});

describe('tools mode in words', () => {
  it('a model without tool calling gets one line that suggests the other modes', () => {
    expect(toolsUnsupportedMessage('tiny-llm')).toBe(
      'tiny-llm does not support tool calling, which tools mode needs: choose the code mode, or the built-in analyst',
    );
  });

  it("a call the sandbox's checks stopped hands back its one-line message", () => {
    expect(
      toolErrorIn([{ step: 'answer' }, { step: 'tool_error', message: "unknown value 'x'\nfor column" }]),
    ).toBe("unknown value 'x' for column");
    expect(toolErrorIn([{ step: 'answer', message: 'no' }])).toBeNull();
    expect(toolErrorIn(undefined)).toBeNull();
  });
});
