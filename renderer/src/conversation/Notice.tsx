// A notice in the conversation (errors, cancellations, warnings): shown to the user, never sent
// to the model.
import { memo } from 'react';
import type { NoticeMessage } from '../../../electron/core/agent/model';
import { Icon } from '../shared/icons';

export const Notice = memo(function Notice({ message }: { message: NoticeMessage }) {
  const icon = message.level === 'info' ? 'info' : 'alert';
  return (
    <div className={`notice notice-${message.level}`} role="note" aria-label={`${message.level} notice`}>
      <Icon name={icon} />
      <span>{message.content}</span>
    </div>
  );
});
