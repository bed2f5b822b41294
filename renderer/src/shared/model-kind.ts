// Who analyses the conversation on screen (the built-in analyst or a model), for the parts of the
// conversation that word things differently without a model ("nothing is sent anywhere"). The
// conversation header publishes it; there is one conversation on screen at a time.
import { useSyncExternalStore } from 'react';
import type { ModelRef } from '../../../electron/model/agent/conversation';

type Kind = ModelRef['kind'];
let current: Kind | null = null;
const listeners = new Set<() => void>();

export function publishModelKind(kind: Kind | null): void {
  if (kind === current) return;
  current = kind;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The kind of the shown conversation's model, or null when none is shown. */
export function useModelKind(): Kind | null {
  return useSyncExternalStore(subscribe, () => current);
}
