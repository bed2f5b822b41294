// Notifications: errors from api calls, "Saved … in <folder>" with Open / Show in folder. The
// text wraps (never cut mid-word); a long message shows its first lines with "Details" for the
// rest, and a toast stays while it is pointed at or focused (Details pins it until dismissed).
// Toasts sit above the conversation's composer, so they never cover Send.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { Icon } from '../shared/icons';
import { oneLine } from '../../../electron/model/text/one-line';
import './toast.css';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  actions: ToastAction[];
  /** More than the text says (a multi-line error): behind "Details". */
  details?: string;
}

export interface Toaster {
  info(text: string, action?: ToastAction | ToastAction[]): void;
  error(text: string, details?: string): void;
  /** Runs an api call; a failure becomes an error toast and `undefined`, never a throw. */
  attempt<T>(call: () => Promise<T>, what?: string): Promise<T | undefined>;
}

/** Longer than this, the text shows its first lines and "Details" the whole. */
const LONG_TEXT = 160;

const ToastContext = createContext<Toaster | null>(null);

export function useToast(): Toaster {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}

function lifetime(t: Omit<Toast, 'id'>): number {
  if (t.actions.length > 0) return 12_000;
  return t.kind === 'error' ? 12_000 : 5_000;
}

/** Above the composer when there is one (Send stays clear), else above the status bar. */
function useToastBottom(count: number): number {
  const [bottom, setBottom] = useState(44);
  useLayoutEffect(() => {
    const measure = () => {
      const composer = document.querySelector('.composer');
      const top = composer?.getBoundingClientRect().top;
      setBottom(top !== undefined && top > 0 ? Math.round(window.innerHeight - top + 8) : 44);
    };
    measure();
    if (count === 0) return;
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [count]);
  return bottom;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, number>());
  const dismiss = useCallback((id: number) => {
    window.clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((ts) => ts.filter((t) => t.id !== id));
  }, []);
  const schedule = useCallback(
    (id: number, ms: number) => {
      window.clearTimeout(timers.current.get(id));
      timers.current.set(
        id,
        window.setTimeout(() => dismiss(id), ms),
      );
    },
    [dismiss],
  );
  const hold = useCallback((id: number) => {
    window.clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);
  const push = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { ...toast, id }]);
      schedule(id, lifetime(toast));
    },
    [schedule],
  );
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((t) => window.clearTimeout(t));
  }, []);
  const toaster = useMemo<Toaster>(() => {
    const error = (text: string, details?: string) =>
      push({ text, kind: 'error', actions: [], details: details && details !== text ? details : undefined });
    return {
      info: (text, action) => push({ text, kind: 'info', actions: action ? [action].flat() : [] }),
      error,
      attempt: async (call, what) => {
        try {
          return await call();
        } catch (err) {
          const line = oneLine(err);
          const raw = err instanceof Error ? err.message : String(err);
          const full = raw.replace(/^Error invoking remote method '[^']*':\s*/, '').trim();
          error(what ? `${what}: ${line}` : line, full.includes('\n') ? full : undefined);
          return undefined;
        }
      },
    };
  }, [push]);
  const bottom = useToastBottom(toasts.length);
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" role="status" aria-live="polite" style={{ bottom }}>
        {toasts.map((t) => (
          <ToastView
            key={t.id}
            toast={t}
            onDismiss={() => dismiss(t.id)}
            onHold={() => hold(t.id)}
            onRelease={(pinned) => !pinned && schedule(t.id, 4_000)}
          />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastView(props: {
  toast: Toast;
  onDismiss: () => void;
  onHold: () => void;
  onRelease: (pinned: boolean) => void;
}) {
  const { toast: t, onDismiss, onHold, onRelease } = props;
  const [expanded, setExpanded] = useState(false);
  const long = t.text.length > LONG_TEXT || t.details !== undefined;
  const detailsId = `toast-details-${t.id}`;
  return (
    <div
      className={`toast toast-${t.kind} ${expanded ? 'expanded' : ''}`}
      onMouseEnter={onHold}
      onMouseLeave={() => onRelease(expanded)}
      onFocus={onHold}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onRelease(expanded);
      }}
    >
      <Icon name={t.kind === 'error' ? 'alert' : 'check'} />
      <div className="toast-body">
        <p className={`toast-text ${long && !expanded ? 'clamped' : ''}`}>{t.text}</p>
        {expanded && t.details && (
          <pre id={detailsId} className="toast-details">
            {t.details}
          </pre>
        )}
        {(long || t.actions.length > 0) && (
          <div className="toast-actions">
            {t.actions.map((a) => (
              <button
                key={a.label}
                type="button"
                className="btn btn-small"
                onClick={() => {
                  a.run();
                  onDismiss();
                }}
              >
                {a.label}
              </button>
            ))}
            {long && (
              <button
                type="button"
                className="link-btn toast-details-btn"
                aria-expanded={expanded}
                aria-controls={expanded && t.details ? detailsId : undefined}
                onClick={() => {
                  setExpanded(!expanded);
                  onHold(); // read at leisure: it stays until dismissed
                }}
              >
                {expanded ? 'Less' : 'Details'}
              </button>
            )}
          </div>
        )}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" />
      </button>
    </div>
  );
}
