// The conversation as a virtualized log (only the rows near the viewport are in the DOM, measured
// as they render), anchored to the end: it follows new text while you are at the bottom and
// stays put when you scrolled up. A finished analysis leads with its answer card (row 0) and
// opens there; finished steps are folded to one line (step-view.ts).
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type {
  AssistantMessage,
  Conversation,
  ExecutionMessage,
  Message,
} from '../../../electron/model/agent/conversation';
import { answerHighlights } from '../../../electron/model/answer/highlights';
import { hasInvisibles } from '../../../electron/model/text/visible';
import type { AnswerTrace } from '../../../electron/model/answer/types';
import { Icon } from '../shared/icons';
import { OutputFocusContext, type OutputFocus, type OutputLine, type OutputTarget } from './focus';
import { AnswerCard, ANSWER_HEADING_ID } from './AnswerCard';
import { cardKind, noAnswerHeading } from './answer-card';
import { AssistantReply, Notice, UserBubble } from './MessageItem';
import type { StepFold } from './StepLine';
import { foldedByDefault, stepNumbers, stepTitleOf } from './step-view';
import { RunFooter } from './RunFooter';
import { useStickToEnd } from './useStickToEnd';
import './answer-first.css';

type Row =
  | { key: 'answer-card'; kind: 'answer' }
  | {
      key: string;
      kind: 'message';
      message: Exclude<Message, ExecutionMessage>;
      execution?: ExecutionMessage;
    }
  | { key: string; kind: 'footer' };

function toRows(messages: Message[], card: boolean): Row[] {
  const executions = new Map<string, ExecutionMessage>();
  for (const m of messages) if (m.role === 'execution') executions.set(m.replyTo, m);
  const rows: Row[] = card ? [{ key: 'answer-card', kind: 'answer' }] : [];
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

function estimate(row: Row | undefined, folded: (id: string) => boolean): number {
  if (!row || row.kind === 'footer') return 48;
  if (row.kind === 'answer') return 520;
  const m = row.message;
  if (m.role === 'user') return 64;
  if (m.role === 'notice') return 52;
  const charts = m.blocks.reduce((n, b) => n + (b.result?.charts.length ?? 0), 0);
  if (m.blocks.length > 0 && folded(m.id)) return 52 + charts * 380;
  return 80 + m.content.length / 5 + m.blocks.length * 220 + charts * 360;
}

export function MessageList({ conversation }: { conversation: Conversation }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const busy = conversation.status === 'running' || conversation.status === 'awaiting-approval';
  const card = useAnswerCard(conversation);
  const hasCard = card.kind !== 'none';
  const rows = useMemo(() => toRows(conversation.messages, hasCard), [conversation.messages, hasCard]);

  // steps: numbered, titled, folded when finished (the reader's choice wins)
  const steps = useMemo(() => stepNumbers(conversation.messages), [conversation.messages]);
  const latestStep = useMemo(() => [...steps.keys()].pop() ?? null, [steps]);
  const [opened, setOpened] = useState<ReadonlyMap<string, boolean>>(new Map());
  const toggle = useCallback((id: string, open: boolean) => setOpened((m) => new Map(m).set(id, open)), []);
  const isFolded = useCallback(
    (m: AssistantMessage) =>
      !(
        opened.get(m.id) ??
        !foldedByDefault(m, {
          live: busy,
          latest: m.id === latestStep,
          flagged: m.blocks.some((b) => hasInvisibles(b.code)),
        })
      ),
    [opened, busy, latestStep],
  );
  const foldedIds = useMemo(() => {
    const out = new Set<string>();
    for (const m of conversation.messages)
      if (m.role === 'assistant' && steps.has(m.id) && isFolded(m)) out.add(m.id);
    return out;
  }, [conversation.messages, steps, isFolded]);

  // one stable fold per step, so memoized rows do not draw again as the list scrolls
  const lastFolds = useRef(new Map<string, StepFold>());
  const folds = useMemo(() => {
    const out = new Map<string, StepFold>();
    for (const m of conversation.messages) {
      const number = steps.get(m.id);
      if (m.role !== 'assistant' || number === undefined) continue;
      const fold = { number, title: stepTitleOf(m), folded: foldedIds.has(m.id), onToggle: toggle };
      const had = lastFolds.current.get(m.id);
      const same = had && had.number === number && had.title === fold.title && had.folded === fold.folded;
      out.set(m.id, same ? had : fold);
    }
    lastFolds.current = out;
    return out;
  }, [conversation.messages, steps, foldedIds, toggle]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(rows[i], (id) => foldedIds.has(id)),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 3,
    // room under the last row for the floating "Jump to answer"
    paddingEnd: hasCard ? 56 : 0,
    // Rows measured above the viewport keep what is being read in place.
    anchorTo: 'end',
  });

  const totalSize = virtualizer.getTotalSize();
  const { stuck, onScroll, jump, release } = useStickToEnd(scrollRef, totalSize);

  // the answer card leads: a finished analysis opens at it, and a run that just answered goes there
  const [cardInView, setCardInView] = useState(false);
  const toCard = useCallback(
    (focusIt: boolean) => {
      release();
      virtualizer.scrollToIndex(0, { align: 'start' });
      if (scrollRef.current) scrollRef.current.scrollTop = 0;
      if (focusIt)
        requestAnimationFrame(() =>
          document.getElementById(ANSWER_HEADING_ID)?.focus({ preventScroll: true }),
        );
    },
    [release, virtualizer],
  );
  // (a run that was stopped or failed stays at its end, where it can be continued or retried)
  const leads = card.kind === 'answer' || card.kind === 'not-answered';
  const openedAt = useRef(false);
  const hadLead = useRef(leads);
  useLayoutEffect(() => {
    if (rows.length === 0) return;
    if (!openedAt.current) {
      openedAt.current = true;
      if (leads) toCard(false);
      else virtualizer.scrollToEnd();
    } else if (leads && !hadLead.current && stuck) toCard(false);
    hadLead.current = leads;
  }, [rows.length, leads, stuck, toCard, virtualizer]);

  // a new run (a follow-up, Retry, Continue) is followed at the end, where it happens
  const wasBusy = useRef(busy);
  useLayoutEffect(() => {
    if (busy && !wasBusy.current) jump();
    wasBusy.current = busy;
  }, [busy, jump]);

  // a claim of an answer was clicked: open its step, bring its block's row into view; the output does the rest
  const [target, setTarget] = useState<OutputTarget | null>(null);
  const revealed = useRef(0);
  const reveal = useCallback(
    (line: OutputLine) => {
      const row = rows.findIndex((r) => r.key === line.messageId);
      if (row < 0) return;
      release();
      setOpened((m) => (m.get(line.messageId) ? m : new Map(m).set(line.messageId, true)));
      const mounted = virtualizer.getVirtualItems().some((v) => v.index === row);
      if (!mounted) virtualizer.scrollToIndex(row, { align: 'start' });
      setTarget((t) => ({ ...line, seq: (t?.seq ?? 0) + 1 }));
    },
    [rows, virtualizer, release],
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

  const items = virtualizer.getVirtualItems();
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
                  {row.kind === 'answer' ? (
                    <AnswerCard {...card} onVisible={setCardInView} />
                  ) : row.kind === 'footer' ? (
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
                      step={folds.get(row.message.id)}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {hasCard && !busy && !cardInView && (
          <button type="button" className="btn jump-answer" onClick={() => toCard(true)}>
            <Icon name="sparkle" size={14} /> Jump to answer
          </button>
        )}
        {/* while a block waits for a decision nothing comes: the button would only cover the question */}
        {!stuck && !hasCard && conversation.status !== 'awaiting-approval' && (
          <button type="button" className="btn jump-latest" onClick={jump}>
            <Icon name="chevronDown" size={14} /> {busy ? 'Follow the analysis' : 'Jump to the end'}
          </button>
        )}
      </div>
    </OutputFocusContext.Provider>
  );
}

/** What the answer card shows (kind 'none': no card). */
function useAnswerCard(c: Conversation) {
  return useMemo(() => {
    const highlights = answerHighlights(c);
    const kind = cardKind(c, highlights !== null);
    const final = highlights?.answer.messageId
      ? c.messages.find((m) => m.id === highlights.answer.messageId)
      : undefined;
    const question =
      highlights?.question ?? [...c.messages].reverse().find((m) => m.role === 'user')?.content ?? null;
    return {
      kind,
      heading: noAnswerHeading(kind, c),
      // a stopped or failed run's last words are not an answer: the log has them
      content: kind === 'answer' || kind === 'not-answered' ? (final?.content ?? null) : null,
      highlights,
      question,
    };
  }, [c]);
}
