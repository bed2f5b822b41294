// What the app knows about where it runs (asked of main once, shared by every caller).
import { useEffect, useState } from 'react';
import { api } from './api';

let platform: Promise<string | null> | null = null;

/** The OS the app runs on (for advice such as "install Docker Desktop"); null until known. */
export function usePlatform(): string | null {
  const [value, setValue] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    platform ??= api()
      .getAppInfo()
      .then(
        (info) => info.platform,
        () => null,
      );
    void platform.then((p) => live && setValue(p));
    return () => {
      live = false;
    };
  }, []);
  return value;
}
