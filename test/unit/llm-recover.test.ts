import { describe, expect, it } from 'vitest';
import { recoverCode, toolCallsToContent } from '../../electron/core/llm/recover';
import { planExecution } from '../../electron/core/exec/extract';

const F = '```';
const CODE = 'import pandas as pd\ndf = pd.read_csv("sales.csv")\nprint(df.head())';
const BLOCK = `${F}python\n${CODE}\n${F}`;

function recovered(content: string) {
  const result = recoverCode(content);
  // Whatever was recovered must now be a block the executor runs.
  if (result.recovered) expect(planExecution(result.content).blocks.map((b) => b.code)).toContain(CODE);
  return result;
}

describe('recoverCode: tool calls printed as JSON', () => {
  it('reads {"code": "..."}', () => {
    expect(recovered(JSON.stringify({ code: CODE }))).toEqual({ content: BLOCK, recovered: 'tool-call' });
  });

  it('reads {"name", "arguments": {...}}', () => {
    const msg = JSON.stringify({ name: 'python', arguments: { code: CODE } });
    expect(recovered(msg)).toEqual({ content: BLOCK, recovered: 'tool-call' });
  });

  it('reads arguments given as a JSON string', () => {
    const msg = JSON.stringify({ name: 'run', arguments: JSON.stringify({ code: CODE }) });
    expect(recovered(msg)).toEqual({ content: BLOCK, recovered: 'tool-call' });
  });

  it('reads Llama-style "parameters" and OpenAI-style {"tool_calls": [...]}', () => {
    const llama = JSON.stringify({ name: 'python', parameters: { code: CODE } });
    expect(recovered(llama).content).toBe(BLOCK);
    const openai = JSON.stringify({
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: 'python', arguments: JSON.stringify({ code: CODE }) },
        },
      ],
    });
    expect(recovered(openai)).toEqual({ content: BLOCK, recovered: 'tool-call' });
  });

  it('makes one block per call when there are several', () => {
    const msg = JSON.stringify([
      { name: 'python', arguments: { code: 'x = 1' } },
      { name: 'python', arguments: { code: 'print(x)' } },
    ]);
    expect(recoverCode(msg).content).toBe(`${F}python\nx = 1\n${F}\n\n${F}python\nprint(x)\n${F}`);
  });

  it('keeps the prose around the JSON', () => {
    const msg = `I will load the file first.\n{"name": "python", "arguments": {"code": ${JSON.stringify(CODE)}}}\nThen we look at it.`;
    expect(recovered(msg)).toEqual({
      content: `I will load the file first.\n\n${BLOCK}\n\nThen we look at it.`,
      recovered: 'tool-call',
    });
  });

  it('reads JSON inside a ```json fence (and an untagged one), keeping the prose', () => {
    const json = JSON.stringify({ name: 'python', arguments: { code: CODE } }, null, 2);
    expect(recovered(`Running:\n\n${F}json\n${json}\n${F}\n\nDone.`)).toEqual({
      content: `Running:\n\n${BLOCK}\n\nDone.`,
      recovered: 'tool-call',
    });
    expect(recovered(`${F}\n${JSON.stringify({ code: CODE })}\n${F}`).content).toBe(BLOCK);
  });

  it('unwraps <tool_call> tags, which would otherwise hide the block in raw HTML', () => {
    const msg = `<tool_call>\n${JSON.stringify({ name: 'python', arguments: { code: CODE } })}\n</tool_call>`;
    expect(recovered(msg)).toEqual({ content: BLOCK, recovered: 'tool-call' });
  });

  it('takes arguments that are the code itself', () => {
    expect(recovered(JSON.stringify({ name: 'python', arguments: CODE })).content).toBe(BLOCK);
  });

  it('uses a longer fence when the code contains backticks', () => {
    const code = 'print("```")';
    expect(recoverCode(JSON.stringify({ code })).content).toBe(`${F}\`python\n${code}\n${F}\``);
  });

  it('leaves JSON that is not a tool call alone', () => {
    for (const msg of ['{"source": "Wikipedia", "year": 2020}', 'The result is {"rows": 12, "cols": 3}.']) {
      expect(recoverCode(msg)).toEqual({ content: msg, recovered: null });
    }
    const data = `${F}json\n{"rows": 12}\n${F}`;
    expect(recoverCode(data)).toEqual({ content: data, recovered: null });
  });
});

describe('recoverCode: a missing fence', () => {
  it('fences a message that is entirely Python', () => {
    expect(recovered(CODE)).toEqual({ content: BLOCK, recovered: 'unfenced' });
    expect(recovered(`\n\n${CODE}\n\n`).content).toBe(BLOCK);
    expect(recoverCode('print(df.describe())')).toEqual({
      content: `${F}python\nprint(df.describe())\n${F}`,
      recovered: 'unfenced',
    });
  });

  it('leaves TERMINATE, bare words and plain prose unchanged', () => {
    for (const msg of [
      'TERMINATE',
      '  TERMINATE\n',
      'Done',
      'The average order value is 42.10 EUR, up 3% on last year.',
      'Sales peaked in March.\nThey fell in April.',
      '',
    ]) {
      expect(recoverCode(msg)).toEqual({ content: msg, recovered: null });
    }
  });

  it('does not fence prose that mixes in some code', () => {
    const msg = `Here is the plan:\nimport pandas as pd\nthen read the file.`;
    expect(recoverCode(msg).recovered).toBeNull();
  });
});

describe('recoverCode: messages that already have a runnable block', () => {
  it('are returned unchanged', () => {
    for (const msg of [
      `Let me look.\n\n${BLOCK}`,
      `${BLOCK}\n\nAlso {"code": "print(2)"} would work.`,
      `${F}sh\npip install pyarrow\n${F}`,
      `${F}\nprint(1)\n${F}`,
    ]) {
      expect(recoverCode(msg)).toEqual({ content: msg, recovered: null });
    }
  });
});

describe('toolCallsToContent', () => {
  it('turns function calls into python blocks', () => {
    const calls = [
      { type: 'function', function: { name: 'python', arguments: JSON.stringify({ code: CODE }) } },
      { type: 'function', function: { name: 'python', arguments: '{"code": "print(2)"}' } },
    ];
    expect(toolCallsToContent(calls)).toBe(`${BLOCK}\n\n${F}python\nprint(2)\n${F}`);
  });

  it('accepts raw code as arguments, a custom tool input, and a shell command', () => {
    expect(toolCallsToContent([{ function: { name: 'python', arguments: CODE } }])).toBe(BLOCK);
    expect(toolCallsToContent([{ type: 'custom', custom: { name: 'python', input: CODE } }])).toBe(BLOCK);
    expect(
      toolCallsToContent([{ function: { name: 'run', arguments: '{"code": "pip install pyarrow"}' } }]),
    ).toBe(`${F}sh\npip install pyarrow\n${F}`);
  });

  it('keeps a call without code as a json block, so nothing is lost', () => {
    const out = toolCallsToContent([{ function: { name: 'get_weather', arguments: '{"city": "Oslo"}' } }]);
    expect(out).toBe(
      `${F}json\n${JSON.stringify({ name: 'get_weather', arguments: { city: 'Oslo' } }, null, 2)}\n${F}`,
    );
    expect(toolCallsToContent([])).toBe('');
  });
});
