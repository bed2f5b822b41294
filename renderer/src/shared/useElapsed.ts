import { useEffect, useState } from 'react';

/** Milliseconds since `startIso`, updated every second while `running`. */
export function useElapsed(startIso: string | undefined, running: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  if (!startIso) return null;
  const start = Date.parse(startIso);
  return Number.isFinite(start) ? Math.max(0, now - start) : null;
}
