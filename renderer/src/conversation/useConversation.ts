// A conversation kept live: loaded once, then every streamed event for it is folded in with the
// same pure reducer the engine and the store use. Events are applied once per animation frame.
//
// The state updaters are pure: React may run an updater more than once (it rebases updates), so
// the events are taken off the queue BEFORE setState, and folding by sequence number makes a
// second run a no-op.
import { useEffect, useState } from 'react';
import type { Conversation } from '../../../electron/model/agent/conversation';
import { api } from '../platform/api';
import { fold, type Numbered } from './live';
import { oneLine } from '../../../electron/model/text/one-line';

/** The newer of two states of one conversation. */
function newest(a: Conversation | null, b: Conversation): Conversation {
  return a && (a.seq ?? 0) > (b.seq ?? 0) ? a : b;
}

export function useConversation(id: string) {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let loaded = false;
    let reloading = false;
    /** Events waiting for the snapshot, then for the next frame. */
    let pending: Numbered[] = [];
    let frame = 0;

    const take = (): Numbered[] => {
      const events = pending;
      pending = [];
      return events;
    };
    const reload = () => {
      if (reloading || !live) return;
      reloading = true;
      void load().finally(() => (reloading = false));
    };
    const load = () =>
      api()
        .getConversation(id)
        .then(
          (snapshot) => {
            if (!live) return;
            loaded = true;
            const events = take();
            const { conversation: withEvents, gap } = fold(snapshot, events);
            setConversation((c) => newest(c, withEvents));
            if (gap) queueMicrotask(reload); // some events never arrived: take a fresh snapshot
          },
          (err: unknown) => {
            if (live) setError(oneLine(err));
          },
        );
    const flush = () => {
      frame = 0;
      const events = take();
      if (events.length === 0) return;
      setConversation((c) => {
        if (!c) return c;
        const { conversation: next, gap } = fold(c, events);
        if (gap) queueMicrotask(reload);
        return next;
      });
    };
    const off = api().onConversationEvent(({ conversationId, event, seq }) => {
      if (conversationId !== id || !live) return;
      pending.push({ event, seq });
      if (loaded && !frame) frame = requestAnimationFrame(flush);
    });
    setConversation(null);
    setError(null);
    void load();
    return () => {
      live = false;
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [id]);

  return { conversation, error };
}

export function isBusy(c: Conversation | null): boolean {
  return c?.status === 'running' || c?.status === 'awaiting-approval';
}
