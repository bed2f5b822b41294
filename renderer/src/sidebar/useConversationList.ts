// The conversation list, live: main's list (and its changes), with each conversation's run
// status taken from its own events when they are newer than the list (a list can be read
// before the last state of a run was saved).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';

type Live = Pick<ConversationSummary, 'status' | 'stopReason'> & { at: string };

export function useConversationList() {
  const toast = useToast();
  const [list, setRaw] = useState<ConversationSummary[] | null>(null);
  const live = useRef(new Map<string, Live>());

  const merge = useCallback(
    (summaries: ConversationSummary[]) =>
      summaries.map((s) => {
        const known = live.current.get(s.id);
        return known && known.at >= s.updatedAt
          ? { ...s, status: known.status, stopReason: known.stopReason }
          : s;
      }),
    [],
  );
  const setList = useCallback(
    (update: (l: ConversationSummary[] | null) => ConversationSummary[] | null) =>
      setRaw((l) => {
        const next = update(l);
        return next ? merge(next) : next;
      }),
    [merge],
  );

  useEffect(() => {
    let mounted = true;
    const offList = api().onConversationsChanged(({ conversations }) => setList(() => conversations));
    const offEvents = api().onConversationEvent(({ conversationId, event }) => {
      const before = live.current.get(conversationId);
      let next: Live | null = null;
      if (event.type === 'started') next = { status: 'running', stopReason: null, at: event.at };
      else if (event.type === 'status')
        next = { status: event.status, stopReason: before?.stopReason ?? null, at: event.at };
      else if (event.type === 'finished')
        next = { status: 'finished', stopReason: event.reason, at: event.at };
      if (!next) return;
      live.current.set(conversationId, next);
      setList((l) => l);
    });
    void toast
      .attempt(() => api().listConversations(), 'Could not list the conversations')
      .then((l) => {
        if (mounted) setList((current) => current ?? l ?? []);
      });
    return () => {
      mounted = false;
      offList();
      offEvents();
    };
  }, [toast, setList]);
  return [list, setList] as const;
}
