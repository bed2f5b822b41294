// The sandbox's state (Docker engine, image, local sandbox), kept live from main's events.
import { useCallback, useEffect, useState } from 'react';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { oneLine } from '../../../electron/model/text/one-line';

export function useSandboxStatus() {
  const [status, setStatus] = useState<SandboxStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback((force?: boolean) => {
    api()
      .getSandboxStatus(force)
      .then(
        (s) => {
          setStatus(s);
          setError(null);
        },
        (err: unknown) => setError(oneLine(err)),
      );
  }, []);
  useEffect(() => {
    const off = api().onSandboxStatus(setStatus);
    refresh();
    return off;
  }, [refresh]);
  return { status, setStatus, error, refresh };
}
