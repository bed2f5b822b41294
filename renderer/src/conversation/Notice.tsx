// A notice in the conversation (errors, cancellations, warnings): shown to the user, never sent
// to the model. The latest run's notice offers what can be done about it as buttons (its
// structured actions, recovery.ts): Retry, Continue, Open model settings, Use the built-in analyst.
import { memo, useState } from 'react';
import type { NoticeAction, NoticeMessage } from '../../../electron/model/agent/conversation';
import { api } from '../platform/api';
import { openSettings } from '../platform/settings-link';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { useConversationContext } from './context';
import './recovery.css';

const LABELS: Record<NoticeAction, string> = {
  retry: 'Retry',
  continue: 'Continue',
  'open-settings': 'Open model settings',
  'use-builtin': 'Use the built-in analyst',
};

const HINTS: Record<NoticeAction, string> = {
  retry: 'Run the step that failed again, keeping the conversation',
  continue: 'Let the analyst go on where it stopped',
  'open-settings': 'Check the API key, the model and the endpoint',
  'use-builtin': 'Go on with the offline analyst: no key or network needed',
};

function NoticeActions({ actions }: { actions: NoticeAction[] }) {
  const toast = useToast();
  const { conversationId } = useConversationContext();
  const [sending, setSending] = useState(false);
  const act = async (action: NoticeAction) => {
    if (action === 'open-settings') return openSettings('model');
    setSending(true);
    await toast.attempt(
      () => api().recoverConversation(conversationId, action),
      `Could not ${LABELS[action].toLowerCase()}`,
    );
    setSending(false);
  };
  return (
    <span className="notice-actions" role="group" aria-label="What you can do">
      {actions.map((action, i) => (
        <button
          key={action}
          type="button"
          className={`btn btn-small ${i === 0 ? 'btn-primary' : ''}`}
          disabled={sending}
          title={HINTS[action]}
          onClick={() => void act(action)}
        >
          {action === 'open-settings' ? (
            <Icon name="settings" size={12} />
          ) : action === 'use-builtin' ? (
            <Icon name="sparkle" size={12} />
          ) : (
            <Icon name="play" size={12} />
          )}
          {LABELS[action]}
        </button>
      ))}
    </span>
  );
}

export const Notice = memo(function Notice({ message }: { message: NoticeMessage }) {
  const { liveNoticeId } = useConversationContext();
  const icon = message.level === 'info' ? 'info' : 'alert';
  const actions = message.id === liveNoticeId ? (message.actions ?? []) : [];
  return (
    <div
      className={`notice notice-${message.level}`}
      role="note"
      aria-label={`${message.level} notice`}
      data-kind={message.kind}
    >
      <Icon name={icon} />
      <span className="notice-text">{message.content}</span>
      {actions.length > 0 && <NoticeActions actions={actions} />}
    </div>
  );
});
