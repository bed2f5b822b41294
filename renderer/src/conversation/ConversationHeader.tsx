// Title (click to rename), file, model, where code runs; Analysis/Data tabs; the Export menu.
import { useEffect, useState } from 'react';
import type { Conversation } from '../../../electron/model/agent/conversation';
import { usesTools } from '../../../electron/model/agent/tools-mode';
import { MODE_DESCRIPTIONS } from '../../../electron/model/settings';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { ExportMenu } from '../export/ExportMenu';
import { formatCount } from '../shared/format';
import { Icon } from '../shared/icons';
import { IsolationChip } from '../shared/IsolationBadge';
import { publishModelKind } from '../shared/model-kind';
import { isolationState, machineIsolation, runnerLine, type IsolationLabel } from '../shared/isolation';
import { useSandboxStatus } from '../status/useSandboxStatus';

export type Tab = 'analysis' | 'data';

interface HeaderProps {
  conversation: Conversation;
  tab: Tab;
  onTab: (tab: Tab) => void;
  hasData: boolean;
  /** The data file is no longer where it was (moved or deleted). */
  fileMissing: boolean;
  exportRequest: number;
  /** The current title (renames do not come as conversation events). */
  title: string;
  onRenamed: (title: string) => void;
}

/**
 * Where this conversation's code runs, as its sandbox's probe observed it. A conversation saved
 * before there was a probe never says "isolated".
 */
export function conversationIsolation(
  c: Conversation,
  machine?: SandboxStatus | null,
): { label: IsolationLabel; title?: string } {
  if (c.settings.execution === 'off') return { label: { text: 'Execution off', tone: 'neutral' } };
  const info = c.execution;
  if (!info) {
    const opening = c.status === 'running' || c.status === 'awaiting-approval';
    // before its code first runs, the conversation shows what the status bar shows for its mode
    const same = machine && machine.mode === c.settings.mode;
    return {
      label: opening
        ? isolationState(null, true)
        : same
          ? machineIsolation(machine)
          : { text: 'Isolation not checked yet', tone: 'neutral' },
      title: 'The sandbox is opened, and its isolation checked, when code first runs.',
    };
  }
  return {
    label: isolationState(info.isolation),
    title: [`Runs in: ${runnerLine(info.isolation)}`, info.description].join('\n'),
  };
}

export function ConversationHeader(props: HeaderProps) {
  const { conversation: c, tab, onTab, hasData, exportRequest, title } = props;
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  /** The new title while the rename is on its way. */
  const [pending, setPending] = useState<string | null>(null);
  const { status: machine } = useSandboxStatus();
  const isolation = conversationIsolation(c, machine);
  // the conversation's parts word "sent to the model" by it (shared/model-kind.ts)
  useEffect(() => {
    publishModelKind(c.model.kind);
    return () => publishModelKind(null);
  }, [c.model.kind]);

  const commit = async (value: string) => {
    setEditing(false);
    const next = value.trim();
    if (!next || next === title) return;
    setPending(next);
    const res = await toast.attempt(() => api().renameConversation(c.id, next), 'Could not rename');
    setPending(null);
    if (res) props.onRenamed(res.title);
  };
  const shownTitle = pending ?? title;

  return (
    <header className="conv-header">
      <div className="conv-header-top">
        <div className="conv-title-wrap">
          {editing ? (
            <input
              className="input conv-title-input"
              aria-label="Analysis title"
              defaultValue={title}
              maxLength={200}
              autoFocus
              onFocus={(e) => e.target.select()}
              onBlur={(e) => void commit(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void commit(e.currentTarget.value);
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setEditing(false);
                }
              }}
            />
          ) : (
            <>
              <h1 className="conv-title-text" title={shownTitle}>
                {shownTitle}
              </h1>
              <button
                type="button"
                className="icon-btn"
                aria-label="Rename analysis"
                title="Rename"
                onClick={() => setEditing(true)}
              >
                <Icon name="edit" size={14} />
              </button>
            </>
          )}
        </div>
        <ExportMenu conversationId={c.id} openRequest={exportRequest} disabled={c.messages.length === 0} />
      </div>
      <div className="conv-header-bottom">
        <div className="tabs" role="tablist" aria-label="View">
          <button
            type="button"
            role="tab"
            id="tab-analysis"
            aria-selected={tab === 'analysis'}
            aria-controls={tab === 'analysis' ? 'panel-analysis' : undefined}
            className="tab"
            onClick={() => onTab('analysis')}
          >
            Analysis
          </button>
          {hasData && (
            <button
              type="button"
              role="tab"
              id="tab-data"
              aria-selected={tab === 'data'}
              aria-controls={tab === 'data' ? 'panel-data' : undefined}
              className="tab"
              onClick={() => onTab('data')}
            >
              Data
            </button>
          )}
        </div>
        <div className="conv-meta-line">
          {c.file && (
            <span className="meta-item" title={c.file.originalPath}>
              <Icon name="file" size={14} />
              {c.file.name}
              <span className="faint">
                {formatCount(c.file.rows)} × {formatCount(c.file.columns)}
              </span>
            </span>
          )}
          {c.file && props.fileMissing && (
            <span
              className="chip chip-warning"
              title={`${c.file.originalPath} is no longer there: code that reads it will fail`}
            >
              <Icon name="alert" size={12} />
              File moved or deleted
            </span>
          )}
          <span className="meta-item" title="Who analyses">
            <Icon name="sparkle" size={14} />
            {c.model.label}
          </span>
          {usesTools(c) && (
            <span className="chip chip-accent" title={MODE_DESCRIPTIONS.tools}>
              Tools only · no code from the model runs
            </span>
          )}
          <IsolationChip label={isolation.label} title={isolation.title} />
        </div>
      </div>
    </header>
  );
}
