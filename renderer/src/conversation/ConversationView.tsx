// One conversation: header, isolation warning, the live message list and the composer — or the
// data preview. Esc stops a run; Ctrl/Cmd+E opens the export menu.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_CONVERSATION_SETTINGS, type Conversation } from '../../../electron/model/agent/conversation';
import { liveNotice } from '../../../electron/model/agent/recovery';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { DataPreview } from '../preview/DataPreview';
import { Composer } from './Composer';
import { ConversationContext } from './context';
import type { ConversationContextValue } from './context';
import { ConversationHeader } from './ConversationHeader';
import type { Tab } from './ConversationHeader';
import { IsolationBanner } from './IsolationBanner';
import { MessageList } from './MessageList';
import { isBusy, useConversation } from './useConversation';
import './conversation.css';
import './messages.css';
import './code.css';

interface ViewProps {
  id: string;
  /** The file id this conversation was started with, when this window knows it. */
  fileId: string | null;
  onFileResolved: (conversationId: string, fileId: string) => void;
  onClosed: () => void;
}

/**
 * The conversation's data file, if it is still where it was: main is asked each time the
 * conversation is opened (the file may have been moved or deleted since it was analysed).
 */
function useDataFile(c: Conversation | null, onResolved: ViewProps['onFileResolved']) {
  const [found, setFound] = useState<{ fileId: string | null } | null>(null);
  const path = c?.file?.originalPath ?? null;
  const id = c?.id ?? null;
  useEffect(() => {
    if (!path || !id) return;
    let live = true;
    api()
      .fileOfConversation(id)
      .then((match) => {
        if (!live) return;
        setFound({ fileId: match?.fileId ?? null });
        if (match) onResolved(id, match.fileId);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [path, id, onResolved]);
  return { fileId: found?.fileId ?? null, missing: found !== null && found.fileId === null };
}

export function ConversationView({ id, fileId, onFileResolved, onClosed }: ViewProps) {
  const toast = useToast();
  const { conversation, error } = useConversation(id);
  const [tab, setTab] = useState<Tab>('analysis');
  const [exportRequest, setExportRequest] = useState(0);
  const [title, setTitle] = useState<string | null>(null);
  const busy = isBusy(conversation);
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const dataFile = useDataFile(conversation, onFileResolved);
  const dataFileId = dataFile.fileId ?? (dataFile.missing ? null : fileId);

  const stop = useCallback(() => {
    void toast.attempt(() => api().cancelConversation(id), 'Could not stop the analysis');
  }, [id, toast]);
  const execution = conversation?.execution ?? null;
  const mode = conversation?.settings.mode ?? DEFAULT_CONVERSATION_SETTINGS.mode;
  const settings = conversation?.settings;
  const liveNoticeId = conversation ? (liveNotice(conversation)?.id ?? null) : null;
  const waiting = !!conversation?.waiting && conversation.status === 'running';
  const context = useMemo<ConversationContextValue>(
    () => ({ conversationId: id, busy, stop, execution, mode, settings, liveNoticeId, waiting }),
    [id, busy, stop, execution, mode, settings, liveNoticeId, waiting],
  );

  useEffect(() => {
    const off = api().onConversationsChanged(({ conversations }) => {
      const summary = conversations.find((s) => s.id === id);
      if (summary) setTitle(summary.title);
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (e.key === 'Escape' && busyRef.current && !document.querySelector('[role="dialog"]')) {
        e.preventDefault();
        stop();
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        setExportRequest((n) => n + 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, [id, stop]);

  if (error) {
    return (
      <div className="conversation-state">
        <p>Could not open this analysis: {error}</p>
        <button type="button" className="btn" onClick={onClosed}>
          Start a new analysis
        </button>
      </div>
    );
  }
  if (!conversation) {
    return (
      <div className="conversation-state" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading the analysis…
      </div>
    );
  }

  const showData = tab === 'data' && dataFileId !== null;
  return (
    <div className="conversation">
      <ConversationHeader
        conversation={conversation}
        title={title ?? conversation.title}
        onRenamed={setTitle}
        tab={showData ? 'data' : 'analysis'}
        onTab={setTab}
        hasData={dataFileId !== null}
        fileMissing={dataFile.missing}
        exportRequest={exportRequest}
      />
      {conversation.settings.execution === 'on' && <IsolationBanner execution={conversation.execution} />}
      {showData ? (
        <div className="panel" role="tabpanel" id="panel-data" aria-labelledby="tab-data">
          <DataPreview fileId={dataFileId} />
        </div>
      ) : (
        <div className="panel" role="tabpanel" id="panel-analysis" aria-labelledby="tab-analysis">
          <ConversationContext.Provider value={context}>
            <MessageList conversation={conversation} />
          </ConversationContext.Provider>
          <Composer
            conversationId={id}
            busy={busy}
            waiting={conversation.status === 'awaiting-approval'}
            onStop={stop}
          />
        </div>
      )}
    </div>
  );
}
