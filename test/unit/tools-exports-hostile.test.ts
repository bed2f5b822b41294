// What a hostile model could put in a tool call's name never becomes live code in the exported
// script (which a user may later run with plain Python, outside any sandbox), and code it writes
// in tools mode is marked shown-only, so nothing re-queues it under another model.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toolsModeBlocks } from '../../electron/core/agent/tool-calls';
import { renderScript } from '../../electron/core/report/script';
import type { AssistantMessage, BlockRun, Conversation } from '../../electron/model/agent/conversation';
import { blankConversation } from '../support/conversation';
import { profileFor } from '../support/run-analyst';
import { SALES_CSV } from '../integration/support/env';

const profile = profileFor(SALES_CSV);
const PAYLOAD = "open('PWNED', 'w').write('model code ran')";
const NAMES = [`aggregate\n${PAYLOAD}`, `aggregate\r${PAYLOAD}`, `aggregate\r\n${PAYLOAD}`];

function withBlocks(blocks: BlockRun[]): Conversation {
  const c = blankConversation();
  const reply: AssistantMessage = { id: 'a1', role: 'assistant', at: c.createdAt, content: '', blocks };
  return { ...c, settings: { ...c.settings, execution: 'tools' }, messages: [...c.messages, reply] };
}

/** The lines of a Python file that are code (what Python would run), by Python's own tokenizer. */
function liveLines(script: string): string[] {
  const r = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      'import io,sys,tokenize\n' +
        'src=sys.stdin.read()\n' +
        'rows=set()\n' +
        'for t in tokenize.generate_tokens(io.StringIO(src).readline):\n' +
        '  if t.type not in (tokenize.COMMENT,tokenize.NL,tokenize.NEWLINE,tokenize.INDENT,tokenize.DEDENT,tokenize.ENDMARKER): rows.add(t.start[0])\n' +
        'lines=src.splitlines()\n' +
        'print("\\n".join(lines[i-1] for i in sorted(rows) if i-1 < len(lines)))',
    ],
    { input: script, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n');
}

describe('a hostile tool name in exports', () => {
  it('is stored as "unknown": the model\'s text stays only in the call\'s JSON', () => {
    for (const name of NAMES) {
      const [block] = toolsModeBlocks('', [{ id: 'c1', name, arguments: '{}' }], {
        profile,
        privacy: 'sample',
      });
      expect(block!.tool!.name).toBe('unknown');
      expect(JSON.parse(block!.code).name).toBe(name);
    }
  });

  it('never reaches the script as code, even from a conversation saved with it (any line break)', () => {
    for (const name of NAMES) {
      const block: BlockRun = {
        index: 0,
        language: 'tool',
        code: JSON.stringify({ name, arguments: {} }),
        tool: { name, callId: 'c1', summary: '', equivalentCode: '' },
        status: 'failed',
        output: `unknown tool '${name}'`,
      };
      const script = renderScript({ conversation: withBlocks([block]), workspaceDir: '/nonexistent' });
      expect(script).toContain('PWNED'); // shown, as a comment
      expect(liveLines(script).filter((l) => l.includes('PWNED'))).toEqual([]);
    }
  });
});

describe('code a model writes in tools mode', () => {
  it('is shown only: marked so that Continue, Retry or another model never queue it', () => {
    const content = "Here:\n\n```python\nopen('x','w')\n```\n";
    const blocks = toolsModeBlocks(content, [{ id: 'c1', name: 'count_rows', arguments: '{}' }], {
      profile,
      privacy: 'sample',
    });
    expect(blocks.map((b) => [b.language, b.status, b.shownOnly ?? false])).toEqual([
      ['python', 'not-run', true],
      ['tool', 'queued', false],
    ]);
  });
});
