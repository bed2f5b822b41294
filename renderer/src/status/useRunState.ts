// The current conversation's run in a few words for the status bar ("Running step 3…", "Waiting
// for approval", idle) and who analyses it, kept live from the conversation's events.
import { useEffect, useState } from 'react';
import type {
  Conversation,
  ConversationStatus,
  ModelRef,
  StopReason,
} from '../../../electron/model/agent/conversation';
import { api } from '../platform/api';

export interface RunState {
  status: ConversationStatus;
  /** Code blocks that have started running in this conversation (the running one included). */
  steps: number;
  /** A block is running now. */
  running: boolean;
  model: ModelRef;
  /** Why the last run stopped (null while one goes on, or before any). */
  stopReason: StopReason | null;
}

function fromConversation(c: Conversation): { state: RunState; started: Set<string> } {
  const started = new Set<string>();
  let running = false;
  for (const m of c.messages) {
    if (m.role !== 'assistant') continue;
    for (const b of m.blocks) {
      if (b.status === 'queued' || b.status === 'awaiting-approval' || b.status === 'not-run') continue;
      if (b.status === 'rejected') continue;
      started.add(`${m.id}:${b.index}`);
      if (b.status === 'running') running = true;
    }
  }
  return {
    state: { status: c.status, steps: started.size, running, model: c.model, stopReason: c.stopReason },
    started,
  };
}

/** The run of conversation `id` (null when none is shown). */
export function useRunState(id: string | null): RunState | null {
  const [state, setState] = useState<RunState | null>(null);
  useEffect(() => {
    setState(null);
    if (!id) return;
    let live = true;
    let started = new Set<string>();
    let pending: Parameters<Parameters<ReturnType<typeof api>['onConversationEvent']>[0]>[0][] = [];
    let ready = false;
    const apply = (event: (typeof pending)[number]['event']) => {
      setState((s) => {
        if (!s) return s;
        switch (event.type) {
          case 'status':
            return { ...s, status: event.status, running: event.status === 'running' && s.running };
          case 'started':
            return { ...s, status: 'running', running: false, stopReason: null };
          case 'finished':
            return { ...s, status: 'finished', running: false, stopReason: event.reason };
          case 'model':
            return { ...s, model: event.model };
          case 'block': {
            const key = `${event.id}:${event.index}`;
            if (event.patch.status === 'running') {
              started.add(key);
              return { ...s, steps: started.size, running: true };
            }
            if (event.patch.status) return { ...s, running: false };
            return s;
          }
          default:
            return s;
        }
      });
    };
    const off = api().onConversationEvent((e) => {
      if (e.conversationId !== id) return;
      if (ready) apply(e.event);
      else pending.push(e);
    });
    api()
      .getConversation(id)
      .then(
        (c) => {
          if (!live) return;
          const seen = fromConversation(c);
          started = seen.started;
          setState(seen.state);
          ready = true;
          for (const e of pending) if ((e.seq ?? 0) > (c.seq ?? 0)) apply(e.event);
          pending = [];
        },
        () => undefined,
      );
    return () => {
      live = false;
      off();
    };
  }, [id]);
  return state;
}

/**
 * "Running step 3…", "Waiting for approval", "The model is writing…", "Stopped on an error",
 * "Stopped", or null when nothing runs (idle).
 */
export function runWords(run: RunState | null): string | null {
  if (!run) return null;
  if (run.status === 'awaiting-approval') return 'Waiting for approval';
  if (run.status !== 'running') {
    if (run.stopReason === 'error') return 'Stopped on an error';
    if (run.stopReason === 'cancelled') return 'Stopped';
    return null;
  }
  if (run.running) return `Running step ${run.steps}…`;
  return run.model.kind === 'builtin' ? 'Analysing…' : 'The model is writing…';
}
