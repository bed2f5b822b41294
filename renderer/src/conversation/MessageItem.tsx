// One row of the conversation: the user's question, the analyst's reply (with its code blocks in
// place), or a notice. Execution messages are not shown as bubbles: their content is in the block
// outputs; a disclosure under the reply shows exactly what was sent back to the model.
import { memo, useCallback, useId, useState } from 'react';
import type {
  AssistantMessage as AssistantMsg,
  ExecutionMessage,
  UserMessage,
} from '../../../electron/model/agent/conversation';
import { ALL_SUPPORTED, allSupported, unsupportedSummary } from '../../../electron/model/answer/marks';
import type { AnswerTrace } from '../../../electron/model/answer/types';
import { Icon } from '../shared/icons';
import { useModelKind } from '../shared/model-kind';
import { visibleOutput } from '../../../electron/model/exec/visible-output';
import { BlockMedia } from './BlockMedia';
import { blockForFence, runnableLanguage, unplacedBlocks } from './blocks';
import { CodeBlock } from './CodeBlock';
import { useConversationContext } from './context';
import { StaticCode } from './CodeView';
import { Markdown } from './Markdown';
import { StepLine, type StepFold } from './StepLine';
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
export function visibleText(content: string): string {
  return content.replace(/\s*\bTERMINATE\b[\s.]*$/, '');
}

export const AssistantReply = memo(function AssistantReply({
  message,
  execution,
  answer,
  step,
}: {
  message: AssistantMsg;
  execution?: ExecutionMessage;
  /** The trace of this message when it is a run's final answer. */
  answer?: AnswerTrace;
  /** When the message is a step of the analysis (it holds code): its number, title and fold. */
  step?: StepFold;
}) {
  const { blocks, id, streaming } = message;
  const { waiting } = useConversationContext();
  const bodyId = useId();
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
  const folded = step?.folded ?? false;
  return (
    <article
      className={`msg msg-assistant ${streaming ? 'streaming' : ''} ${step ? 'msg-step' : ''} ${folded ? 'folded' : ''}`}
      aria-label="Analyst"
    >
      <div className="msg-avatar" aria-hidden="true">
        <Icon name="sparkle" size={14} />
      </div>
      <div className="msg-body">
        {step && <StepLine step={step} blocks={blocks} messageId={id} bodyId={bodyId} />}
        {folded ? (
          blocks.map((b) => b.result && <BlockMedia key={b.index} result={b.result} />)
        ) : (
          <div id={bodyId} className={step ? 'step-body' : undefined}>
            {message.recovered && (
              <p className="msg-recovered faint">
                {message.recovered === 'tool-call'
                  ? 'The model wrote its code as a tool call; it was taken as a Python block.'
                  : 'The model forgot the code fence; its code was taken as a Python block.'}
              </p>
            )}
            {answer && !streaming && <AnswerCheck answer={answer} where="top" />}
            {text ? (
              <Markdown
                content={text}
                renderCode={renderCode}
                claims={streaming ? undefined : answer?.claims}
              />
            ) : streaming && !waiting ? (
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
        )}
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
  // no model (the built-in analyst): nothing leaves this computer, and it says so (helper E)
  const builtin = useModelKind() === 'builtin';
  return (
    <details className="sent-to-model" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {builtin ? 'Read by the built-in analyst · nothing is sent anywhere' : 'Sent to the model'}
      </summary>
      {open && builtin && (
        <p className="faint">
          No model is configured: the built-in analyst reads this output on this computer. Nothing is sent
          anywhere.
        </p>
      )}
      {open && (
        <pre className="output" tabIndex={0}>
          {visibleOutput(execution.content)}
        </pre>
      )}
    </details>
  );
}
