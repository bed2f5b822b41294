// One row of the conversation: the user's question, the analyst's reply (with its code blocks in
// place), or a notice. Execution messages are not shown as bubbles: their content is in the block
// outputs; a disclosure under the reply shows exactly what was sent back to the model.
import { memo, useCallback, useState } from 'react';
import type {
  AssistantMessage as AssistantMsg,
  ExecutionMessage,
  UserMessage,
} from '../../../electron/core/agent/model';
import { ALL_SUPPORTED, allSupported, unsupportedSummary } from '../../../electron/core/answer/marks';
import type { AnswerTrace } from '../../../electron/core/answer/types';
import { Icon } from '../shared/icons';
import { blockForFence, runnableLanguage, unplacedBlocks } from './blocks';
import { CodeBlock } from './CodeBlock';
import { StaticCode } from './CodeView';
import { Markdown } from './Markdown';
export { Notice } from './Notice';
import type { Fence } from './Markdown';

export const UserBubble = memo(function UserBubble({ message }: { message: UserMessage }) {
  return (
    <article className="msg msg-user" aria-label="You">
      <div className="msg-user-bubble">{message.content}</div>
    </article>
  );
});

/** The model's closing word is for the loop, not for the reader. */
function visibleText(content: string): string {
  return content.replace(/\s*\bTERMINATE\b[\s.]*$/, '');
}

export const AssistantReply = memo(function AssistantReply({
  message,
  execution,
  answer,
}: {
  message: AssistantMsg;
  execution?: ExecutionMessage;
  /** The trace of this message when it is a run's final answer. */
  answer?: AnswerTrace;
}) {
  const { blocks, id, streaming } = message;
  const renderCode = useCallback(
    (fence: Fence) => {
      const block = streaming ? undefined : blockForFence(blocks, fence);
      if (block) return <CodeBlock block={block} messageId={id} />;
      const writing = streaming && runnableLanguage(fence.language);
      return (
        <StaticCode code={fence.code} language={fence.language} note={writing ? 'writing…' : undefined} />
      );
    },
    [blocks, id, streaming],
  );
  const text = visibleText(message.content);
  const rest = streaming ? [] : unplacedBlocks(blocks, message.content);
  return (
    <article className={`msg msg-assistant ${streaming ? 'streaming' : ''}`} aria-label="Analyst">
      <div className="msg-avatar" aria-hidden="true">
        <Icon name="sparkle" size={14} />
      </div>
      <div className="msg-body">
        {message.recovered && (
          <p className="msg-recovered faint">
            {message.recovered === 'tool-call'
              ? 'The model wrote its code as a tool call; it was taken as a Python block.'
              : 'The model forgot the code fence; its code was taken as a Python block.'}
          </p>
        )}
        {answer && !streaming && <AnswerCheck answer={answer} where="top" />}
        {text ? (
          <Markdown content={text} renderCode={renderCode} claims={streaming ? undefined : answer?.claims} />
        ) : streaming ? (
          <p className="typing" aria-label="The analyst is writing">
            <span />
            <span />
            <span />
          </p>
        ) : null}
        {rest.map((b) => (
          <CodeBlock key={b.index} block={b} messageId={id} />
        ))}
        {answer && !streaming && <AnswerCheck answer={answer} where="bottom" />}
        {execution && <SentToModel execution={execution} />}
      </div>
    </article>
  );
});

/** Above the answer: the figures found in no output; below it: that all were, when they all were. */
function AnswerCheck({ answer, where }: { answer: AnswerTrace; where: 'top' | 'bottom' }) {
  const missing = unsupportedSummary(answer);
  if (where === 'top')
    return missing ? (
      <p className="answer-check answer-check-missing" role="note">
        <Icon name="alert" size={14} />
        <span>{missing}</span>
      </p>
    ) : null;
  return allSupported(answer) ? (
    <p className="answer-check answer-check-ok">
      <Icon name="check" size={14} />
      <span>{ALL_SUPPORTED}</span>
    </p>
  ) : null;
}

function SentToModel({ execution }: { execution: ExecutionMessage }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="sent-to-model" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Sent to the model</summary>
      {open && (
        <pre className="output" tabIndex={0}>
          {execution.content}
        </pre>
      )}
    </details>
  );
}
