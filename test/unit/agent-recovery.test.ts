// Recovery, pure parts: the reducer's new events (wait, regenerate, model, interrupted replies),
// which actions a notice offers, where a resumed run starts, and the old format still loading.
import { describe, expect, it } from 'vitest';
import { reduce, type AgentEvent } from '../../electron/model/agent/events';
import type { AssistantMessage, Conversation, Message } from '../../electron/model/agent/conversation';
import {
  actionsFor,
  lastReply,
  liveNotice,
  noticeKindOf,
  resumePoint,
} from '../../electron/model/agent/recovery';
import { summaryOf } from '../../electron/core/agent/store';
import { ModelError } from '../../electron/model/llm/types';
import { blankConversation } from '../support/conversation';

const at = '2026-11-30T10:00:00.000Z';
const user = (id: string): Message => ({ id, role: 'user', content: 'q', at });
const reply = (id: string, extra: Partial<AssistantMessage> = {}): AssistantMessage => ({
  id,
  role: 'assistant',
  content: `reply ${id}`,
  at,
  blocks: [],
  ...extra,
});
const block = (status: AssistantMessage['blocks'][number]['status']) => ({
  index: 0,
  language: 'python' as const,
  code: 'print(1)',
  status,
});
const openAI = { kind: 'openai-compatible' as const, baseUrl: 'http://m/v1', model: 'm', label: 'm' };
const conv = (messages: Message[], more: Partial<Conversation> = {}): Conversation => ({
  ...blankConversation(),
  model: openAI,
  messages,
  status: 'finished',
  stopReason: 'error',
  ...more,
});

describe('reducer', () => {
  it('a wait is shown until anything else happens to the reply', () => {
    const wait = { id: 'a1', until: at, reason: 'rate-limit' as const, host: 'api.example.com' };
    let c = reduce(conv([reply('a1', { streaming: true, content: '' })]), { type: 'wait', wait, at });
    expect(c.waiting).toEqual(wait);
    c = reduce(c, { type: 'title', title: 'renamed', at });
    c = reduce(c, { type: 'status', status: 'running', at });
    expect(c.waiting).toEqual(wait);
    c = reduce(c, { type: 'delta', id: 'a1', text: 'Hi', at });
    expect(c.waiting).toBeNull();
  });

  it('regenerate drops the reply and everything after it; model switches the assistant', () => {
    const messages: Message[] = [
      user('u1'),
      reply('a1'),
      { id: 'x1', role: 'execution', content: 'exitcode: 0', exitCode: 0, replyTo: 'a1', at },
      reply('a2'),
      { id: 'n1', role: 'notice', level: 'info', content: 'Stopped.', at },
    ];
    const events: AgentEvent[] = [
      { type: 'regenerate', id: 'a2', at },
      { type: 'model', model: { kind: 'builtin', label: 'built-in analyst' }, at },
    ];
    const c = events.reduce(reduce, conv(messages));
    expect(c.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'x1']);
    expect(c.model.kind).toBe('builtin');
    expect(reduce(c, { type: 'regenerate', id: 'gone', at }).messages).toHaveLength(3);
  });

  it('a reply cut short is kept, marked interrupted', () => {
    const c = reduce(conv([reply('a1', { streaming: true })]), {
      type: 'assistant-done',
      id: 'a1',
      content: 'Let me',
      blocks: [],
      interrupted: true,
      at,
    });
    expect(c.messages[0]).toMatchObject({ content: 'Let me', interrupted: true, streaming: false });
  });
});

describe('actions', () => {
  it('offers settings and the built-in analyst for key, model and endpoint errors', () => {
    const c = conv([]);
    expect(actionsFor('auth', c)).toEqual(['open-settings', 'retry', 'use-builtin']);
    expect(actionsFor('not-found', c)).toEqual(['open-settings', 'retry', 'use-builtin']);
    expect(actionsFor('rate-limit', c)).toEqual(['retry', 'use-builtin']);
    expect(actionsFor('execution', c)).toEqual(['retry']);
    expect(actionsFor('stopped', c)).toEqual(['continue']);
    expect(actionsFor('max-turns', c)).toEqual(['continue']);
    // the built-in analyst needs no settings, and needs a file
    expect(actionsFor('auth', { ...c, model: { kind: 'builtin', label: 'b' } })).toEqual(['retry']);
    expect(actionsFor('auth', { ...c, file: null })).toEqual(['open-settings', 'retry']);
  });

  it('kinds come from model errors; anything else is "other"', () => {
    expect(noticeKindOf(new ModelError('auth', 'x', 401))).toBe('auth');
    expect(noticeKindOf(new ModelError('cancelled', 'x'))).toBe('other');
    expect(noticeKindOf(new Error('boom'))).toBe('other');
  });

  it('only the last notice of a finished conversation is live', () => {
    const notice: Message = {
      id: 'n1',
      role: 'notice',
      level: 'error',
      content: 'x',
      at,
      actions: ['retry'],
    };
    expect(liveNotice(conv([user('u1'), notice]))?.id).toBe('n1');
    expect(liveNotice(conv([user('u1'), notice], { status: 'running' }))).toBeNull();
    expect(liveNotice(conv([notice, user('u2')]))).toBeNull();
    // notices saved before they had actions offer none
    expect(liveNotice(conv([user('u1'), { ...notice, actions: undefined }]))).toBeNull();
  });

  it('Regenerate takes the latest run’s last reply, not an earlier run’s', () => {
    expect(lastReply(conv([user('u1'), reply('a1'), reply('a2')]))?.id).toBe('a2');
    expect(lastReply(conv([user('u1'), reply('a1'), user('u2')]))).toBeNull();
    expect(lastReply(conv([user('u1'), reply('a1')], { status: 'running' }))).toBeNull();
  });
});

describe('where a resumed run starts', () => {
  it('rewrites a reply cut short, runs code that did not run, else asks the model', () => {
    expect(resumePoint(conv([user('u1'), reply('a1', { interrupted: true })]))).toMatchObject({
      kind: 'rewrite',
    });
    const stopped = reply('a1', { blocks: [block('cancelled')] });
    expect(
      resumePoint(conv([user('u1'), stopped, { id: 'n', role: 'notice', level: 'info', content: '', at }])),
    ).toMatchObject({ kind: 'run', reply: { id: 'a1' } });
    const answered: Message[] = [
      user('u1'),
      reply('a1', { blocks: [block('failed')] }),
      { id: 'x1', role: 'execution', content: 'exitcode: 1', exitCode: 1, replyTo: 'a1', at },
    ];
    expect(resumePoint(conv(answered))).toEqual({ kind: 'ask' });
    expect(resumePoint(conv([user('u1')]))).toEqual({ kind: 'ask' });
  });
});

describe('the sidebar summary', () => {
  it('carries the error line of a failed conversation only', () => {
    expect(summaryOf(conv([], { error: 'no key (401)' }))).toMatchObject({
      stopReason: 'error',
      error: 'no key (401)',
    });
    expect(summaryOf(conv([], { stopReason: 'cancelled', error: 'Stopped.' })).error).toBeNull();
  });
});
