// Export to each of the report formats (electron/model/report-formats.ts). Main shows the save dialog; a toast names the
// file and the folder it went to, offers "Show in folder", and "Open" for HTML and PDF.
// Ctrl/Cmd+E opens the menu (openRequest changes).
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { REPORT_FORMATS, type ReportFormat } from '../../../electron/model/report-formats';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import './export.css';

const basename = (p: string) => p.split(/[\\/]/).pop() || p;
/** The folder an export was saved in, as the user would name it (home shortened to ~). */
const folderOf = (p: string) => {
  const dir = p.slice(0, Math.max(0, p.length - basename(p).length - 1)) || p;
  return dir.replace(/^\/(?:home\/[^/]+|Users\/[^/]+|root)(?=\/|$)/, '~');
};

export function ExportMenu(props: { conversationId: string; openRequest: number; disabled?: boolean }) {
  const { conversationId, openRequest, disabled } = props;
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const first = useRef(openRequest);

  useEffect(() => {
    if (openRequest !== first.current && !disabled) setOpen(true);
  }, [openRequest, disabled]);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const choose = async (format: ReportFormat) => {
    setOpen(false);
    buttonRef.current?.focus();
    setBusy(format);
    const res = await toast.attempt(() => api().exportConversation(conversationId, format), 'Export failed');
    setBusy(null);
    if (!res) return;
    // A script or a notebook is never opened from here: on Windows opening a .py runs it, outside
    // any sandbox. Main refuses it anyway; the toast offers what main allows, and always the folder.
    const reveal = {
      label: 'Show in folder',
      run: () => void toast.attempt(() => api().revealExport(res.exportId), 'Could not show the export'),
    };
    const open = {
      label: 'Open',
      run: () => void toast.attempt(() => api().openExport(res.exportId), 'Could not open the export'),
    };
    toast.info(`Saved ${basename(res.path)} in ${folderOf(res.path)}`, res.open ? [open, reveal] : [reveal]);
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') buttonRef.current?.focus();
    } else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="export">
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled || busy !== null}
        onClick={() => setOpen((o) => !o)}
        title="Export (Ctrl+E)"
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={14} />}
        {busy ? 'Exporting…' : 'Export'}
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div ref={menuRef} className="menu" role="menu" aria-label="Export as" onKeyDown={onMenuKey}>
          {REPORT_FORMATS.map((f) => (
            <button
              key={f.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              onClick={() => void choose(f.id)}
            >
              <span>{f.label}</span>
              <span className="faint">.{f.extension}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
