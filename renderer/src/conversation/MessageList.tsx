// The conversation as a virtualized log (only the rows near the viewport are in the DOM, measured
// as they render), anchored to the end: it follows new text while you are at the bottom and
// stays put when you scrolled up.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Conversation, ExecutionMessage, Message } from '../../../electron/core/agent/model';
import type { AnswerTrace } from '../../../electron/core/answer/types';
import { Icon } from '../shared/icons';
import { OutputFocusContext, type OutputFocus, type OutputLine, type OutputTarget } from './focus';
import { AssistantReply, Notice, UserBubble } from './MessageItem';
import { RunFooter } from './RunFooter';
import { useStickToEnd } from './useStickToEnd';

type Row =
  | {
      key: string;
      kind: 'message';
      message: Exclude<Message, ExecutionMessage>;
      execution?: ExecutionMessage;
    }
  | { key: string; kind: 'footer' };

function toRows(messages: Message[]): Row[] {
  const executions = new Map<string, ExecutionMessage>();
  for (const m of messages) if (m.role === 'execution') executions.set(m.replyTo, m);
  const rows: Row[] = [];
  for (const m of messages) {
    if (m.role === 'execution') continue;
    rows.push({ key: m.id, kind: 'message', message: m, execution: executions.get(m.id) });
  }
  // Keyed by the last message, so that an appended message changes the last key (the list follows appends).
  rows.push({ key: `footer:${messages[messages.length - 1]?.id ?? ''}`, kind: 'footer' });
  return rows;
}

/** The traced answer whose final message is `id` (the latest run's, or one kept from an earlier run). */
function answerFor(c: Conversation, id: string): AnswerTrace | undefined {
  return c.answers?.[id] ?? (c.answer?.messageId === id ? c.answer : undefined);
}

function estimate(row: Row | undefined): number {
  if (!row || row.kind === 'footer') return 48;
  const m = row.message;
  if (m.role === 'user') return 64;
  if (m.role === 'notice') return 52;
  const charts = m.blocks.reduce((n, b) => n + (b.result?.charts.length ?? 0), 0);
  return 80 + m.content.length / 5 + m.blocks.length * 220 + charts * 360;
}

export function MessageList({ conversation }: { conversation: Conversation }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => toRows(conversation.messages), [conversation.messages]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(rows[i]),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 3,
    // Rows measured above the viewport keep what is being read in place.
    anchorTo: 'end',
  });

  // Open at the end of the conversation.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (opened.current || rows.length === 0) return;
    opened.current = true;
    virtualizer.scrollToEnd();
  }, [rows.length, virtualizer]);

  // a claim of an answer was clicked: bring its block's row into view; the output does the rest
  const [target, setTarget] = useState<OutputTarget | null>(null);
  const revealed = useRef(0);
  const reveal = useCallback(
    (line: OutputLine) => {
      const row = rows.findIndex((r) => r.key === line.messageId);
      if (row < 0) return;
      const mounted = virtualizer.getVirtualItems().some((v) => v.index === row);
      if (!mounted) virtualizer.scrollToIndex(row, { align: 'start' });
      setTarget((t) => ({ ...line, seq: (t?.seq ?? 0) + 1 }));
    },
    [rows, virtualizer],
  );
  const focus = useMemo<OutputFocus>(
    () => ({
      target,
      reveal,
      pending: (seq) => seq > revealed.current,
      done: (seq) => {
        revealed.current = Math.max(revealed.current, seq);
      },
    }),
    [target, reveal],
  );

  const totalSize = virtualizer.getTotalSize();
  const { stuck, onScroll, jump } = useStickToEnd(scrollRef, totalSize);

  const items = virtualizer.getVirtualItems();
  const busy = conversation.status === 'running' || conversation.status === 'awaiting-approval';
  return (
    <OutputFocusContext.Provider value={focus}>
      <div className="message-list-wrap">
        <div
          ref={scrollRef}
          className="message-scroll"
          role="log"
          aria-label="Conversation"
          aria-busy={busy}
          tabIndex={0}
          onScroll={onScroll}
        >
          <div className="message-canvas" style={{ height: totalSize }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="message-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === 'footer' ? (
                    <RunFooter conversation={conversation} />
                  ) : row.message.role === 'user' ? (
                    <UserBubble message={row.message} />
                  ) : row.message.role === 'notice' ? (
                    <Notice message={row.message} />
                  ) : (
                    <AssistantReply
                      message={row.message}
                      execution={row.execution}
                      answer={answerFor(conversation, row.message.id)}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {/* while a block waits for a decision nothing comes: the button would only cover the question */}
        {!stuck && conversation.status !== 'awaiting-approval' && (
          <button type="button" className="btn jump-latest" onClick={jump}>
            <Icon name="chevronDown" size={14} /> {busy ? 'Follow the analysis' : 'Jump to the end'}
          </button>
        )}
      </div>
    </OutputFocusContext.Provider>
  );
}
