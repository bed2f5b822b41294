import { useState } from 'react';
import type { ConversationSummary } from '../../../electron/shared/contract';
import { relativeTime } from '../shared/format';
import { Icon } from '../shared/icons';
import './conversation-item.css';

interface ItemProps {
  conversation: ConversationSummary;
  current: boolean;
  onOpen: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}

const ACTIVE: Record<string, string> = { running: 'Running', 'awaiting-approval': 'Waiting for approval' };

/** How a run that did not finish normally ended, for the mark beside its title. */
function endMark(c: ConversationSummary): { icon: 'alert' | 'stop'; label: 'failed' | 'stopped' } | null {
  if (c.status !== 'finished') return null;
  if (c.stopReason === 'error') return { icon: 'alert', label: 'failed' };
  if (c.stopReason === 'cancelled') return { icon: 'stop', label: 'stopped' };
  return null;
}

export function ConversationItem({ conversation: c, current, onOpen, onRename, onDelete }: ItemProps) {
  const [editing, setEditing] = useState(false);
  const active = ACTIVE[c.status];
  const end = endMark(c);

  if (editing) {
    const commit = (value: string) => {
      setEditing(false);
      const title = value.trim();
      if (title && title !== c.title) onRename(title);
    };
    return (
      <li className="conv-item editing">
        <input
          className="input conv-rename"
          aria-label="New title"
          defaultValue={c.title}
          maxLength={200}
          autoFocus
          onFocus={(e) => e.target.select()}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setEditing(false);
            }
          }}
        />
      </li>
    );
  }

  return (
    <li className={`conv-item ${current ? 'current' : ''}`}>
      <button
        type="button"
        className="conv-main"
        aria-current={current ? 'page' : undefined}
        onClick={onOpen}
        title={end?.label === 'failed' && c.error ? `${c.title}\nFailed: ${c.error}` : c.title}
      >
        <span className="conv-title">
          {active && (
            <span className="conv-active" title={active}>
              <span className="dot dot-pulse" />
              <span className="visually-hidden">{active}: </span>
            </span>
          )}
          {end && (
            <span className={`conv-end conv-${end.label}`} data-end={end.label}>
              <Icon name={end.icon} size={12} />
              <span className="visually-hidden">{end.label}: </span>
            </span>
          )}
          {c.title}
        </span>
        <span className="conv-meta">
          {c.fileName && <span className="conv-file">{c.fileName}</span>}
          <span className="conv-time">{relativeTime(c.updatedAt)}</span>
        </span>
      </button>
      <span className="conv-actions">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Rename ${c.title}`}
          title="Rename"
          onClick={() => setEditing(true)}
        >
          <Icon name="edit" size={14} />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={`Delete ${c.title}`}
          title="Delete"
          onClick={onDelete}
        >
          <Icon name="trash" size={14} />
        </button>
      </span>
    </li>
  );
}
