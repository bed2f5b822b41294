// Conversations (live), search, rename, delete, "New analysis" and Settings. Collapses to a rail.
import { useMemo, useState } from 'react';
import type { ConversationSummary } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { ConfirmDialog } from '../shared/Dialog';
import { Icon } from '../shared/icons';
import { ConversationItem } from './ConversationItem';
import { useConversationList } from './useConversationList';
import './sidebar.css';

interface SidebarProps {
  open: boolean;
  onToggle: () => void;
  currentId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDeleted: (id: string) => void;
  onSettings: () => void;
}

export function Sidebar(props: SidebarProps) {
  const toast = useToast();
  const [list, setList] = useConversationList();
  const [query, setQuery] = useState('');
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !list) return list ?? [];
    return list.filter(
      (c) => c.title.toLowerCase().includes(q) || (c.fileName ?? '').toLowerCase().includes(q),
    );
  }, [list, query]);

  if (!props.open) {
    return (
      <nav className="sidebar-rail" aria-label="Sidebar">
        <button type="button" className="icon-btn" aria-label="Show sidebar" onClick={props.onToggle}>
          <Icon name="sidebar" />
        </button>
        <button type="button" className="icon-btn" aria-label="New analysis" onClick={props.onNew}>
          <Icon name="plus" />
        </button>
        <span className="sidebar-rail-spacer" />
        <button type="button" className="icon-btn" aria-label="Settings" onClick={props.onSettings}>
          <Icon name="settings" />
        </button>
      </nav>
    );
  }

  const rename = async (c: ConversationSummary, title: string) => {
    const updated = await toast.attempt(() => api().renameConversation(c.id, title), 'Could not rename');
    if (updated) setList((l) => l?.map((x) => (x.id === updated.id ? updated : x)) ?? l);
  };
  const remove = async (c: ConversationSummary) => {
    setDeleting(null);
    const ok = await toast.attempt(
      () =>
        api()
          .deleteConversation(c.id)
          .then(() => true),
      'Could not delete',
    );
    if (!ok) return;
    setList((l) => l?.filter((x) => x.id !== c.id) ?? l);
    props.onDeleted(c.id);
  };

  return (
    <aside className="sidebar" aria-label="Sidebar">
      <div className="sidebar-top">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="chart" size={15} />
          </span>
          Plotwright
        </div>
        <button type="button" className="icon-btn" aria-label="Hide sidebar" onClick={props.onToggle}>
          <Icon name="sidebar" />
        </button>
      </div>
      <button type="button" className="btn sidebar-new" onClick={props.onNew}>
        <Icon name="plus" /> New analysis
      </button>
      <div className="sidebar-search">
        <Icon name="search" size={14} />
        <input
          type="search"
          className="sidebar-search-input"
          placeholder="Search analyses"
          aria-label="Search conversations"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <nav className="sidebar-list" aria-label="Conversations">
        {list === null ? (
          <p className="sidebar-empty">Loading…</p>
        ) : shown.length === 0 ? (
          <p className="sidebar-empty">
            {query ? 'No analysis matches.' : 'Your analyses will appear here.'}
          </p>
        ) : (
          <ul>
            {shown.map((c) => (
              <ConversationItem
                key={c.id}
                conversation={c}
                current={c.id === props.currentId}
                onOpen={() => props.onOpen(c.id)}
                onRename={(title) => void rename(c, title)}
                onDelete={() => setDeleting(c)}
              />
            ))}
          </ul>
        )}
      </nav>
      <div className="sidebar-bottom">
        <button type="button" className="btn btn-ghost sidebar-settings" onClick={props.onSettings}>
          <Icon name="settings" /> Settings
        </button>
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete this analysis?"
          message={`“${deleting.title}” and its working folder will be deleted. Your data file is not touched.`}
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </aside>
  );
}
