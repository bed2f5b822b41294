// One-line notifications: errors from api calls, "Saved …" with an Open or Show in folder action.
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { errorLine } from './api';
import { Icon } from '../shared/icons';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

export interface Toaster {
  info(text: string, action?: ToastAction): void;
  error(text: string): void;
  /** Runs an api call; a failure becomes an error toast and `undefined`, never a throw. */
  attempt<T>(call: () => Promise<T>, what?: string): Promise<T | undefined>;
}

const ToastContext = createContext<Toaster | null>(null);

export function useToast(): Toaster {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { ...toast, id }]);
      window.setTimeout(() => dismiss(id), toast.action ? 10_000 : toast.kind === 'error' ? 8_000 : 5_000);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(() => {
    const error = (text: string) => push({ text, kind: 'error' });
    return {
      info: (text, action) => push({ text, kind: 'info', action }),
      error,
      attempt: async (call, what) => {
        try {
          return await call();
        } catch (err) {
          error(what ? `${what}: ${errorLine(err)}` : errorLine(err));
          return undefined;
        }
      },
    };
  }, [push]);
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            <Icon name={t.kind === 'error' ? 'alert' : 'check'} />
            <span className="toast-text">{t.text}</span>
            {t.action && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  t.action?.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            )}
            <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              <Icon name="close" />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
