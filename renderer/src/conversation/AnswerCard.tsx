// The answer at the top of a finished analysis: the question, the answer sentences with their
// claim marks, the key figures (each with the output line that shows it) and the main chart.
// When the run did not answer, the card says so plainly. It tells the log whether it is in view
// (for "Jump to answer").
import { memo, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { AnswerHighlights } from '../../../electron/model/answer/highlights';
import type { AnswerClaim } from '../../../electron/model/answer/types';
import { sourceLabel, unsupportedSummary } from '../../../electron/model/answer/marks';
import { ChartView } from '../charts/ChartView';
import { Icon } from '../shared/icons';
import { answerSentences, figureCaption, figureText, type CardKind } from './answer-card';
import { StaticCode } from './CodeView';
import { useOutputFocus } from './focus';
import { Markdown, type Fence } from './Markdown';

export const ANSWER_HEADING_ID = 'answer-card-heading';

/** The output line under a key figure, the number that shows it picked out. */
function FigureLine({ line, value }: { line: string; value: number }) {
  const caption = figureCaption(line, value);
  return (
    <span className="key-figure-line" title={line}>
      {caption ? (
        <>
          {caption.before}
          <strong className="key-figure-match">{caption.match}</strong>
          {caption.after}
        </>
      ) : (
        line
      )}
    </span>
  );
}

function KeyFigures({ highlights }: { highlights: AnswerHighlights }) {
  const { reveal } = useOutputFocus();
  if (highlights.figures.length === 0) return null;
  return (
    <ul className="key-figures" aria-label="Key figures">
      {highlights.figures.map((f) => {
        const figure = figureText(f.claim);
        return (
          <li key={`${f.source.messageId}:${f.source.index}:${f.source.line}:${f.claim.value}`}>
            <button
              type="button"
              className="key-figure"
              onClick={() =>
                reveal({ messageId: f.source.messageId, index: f.source.index, line: f.source.line })
              }
            >
              <span className="key-figure-value">{figure}</span>
              <FigureLine line={f.line} value={f.claim.value} />
              <span className="visually-hidden">Show this line of output ({sourceLabel(f.source)})</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

const renderCode = (fence: Fence) => <StaticCode code={fence.code} language={fence.language} />;

/** Taller answers (a whole summary) are clamped to about this many pixels until asked for. */
const CLAMP_PX = 230;

/**
 * The answer's text; a long one is shown clamped with "Show the whole answer" (a link in the hidden
 * part that gets the keyboard's focus opens it, so nothing focusable stays out of sight).
 */
function AnswerText({ text, claims }: { text: string; claims: AnswerClaim[] | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const [tall, setTall] = useState(false);
  const [whole, setWhole] = useState(false);
  const id = useId();
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) setTall(el.scrollHeight > CLAMP_PX + 60);
  }, [text]);
  const clamped = tall && !whole;
  return (
    <>
      <div
        id={id}
        ref={ref}
        className={`answer-text ${clamped ? 'clamped' : ''}`}
        style={clamped ? { maxHeight: CLAMP_PX } : undefined}
        onFocus={() => clamped && setWhole(true)}
      >
        <Markdown content={text} renderCode={renderCode} claims={claims} />
      </div>
      {tall && (
        <button
          type="button"
          className="btn btn-ghost btn-small answer-more"
          aria-expanded={whole}
          aria-controls={id}
          onClick={() => setWhole(!whole)}
        >
          <Icon name={whole ? 'chevronDown' : 'chevronRight'} size={14} />
          {whole ? 'Show less of the answer' : 'Show the whole answer'}
        </button>
      )}
    </>
  );
}

export const AnswerCard = memo(function AnswerCard({
  kind,
  heading,
  content,
  highlights,
  question,
  onVisible,
}: {
  kind: CardKind;
  /** The heading when there is no answer. */
  heading: string;
  /** The final message's text (when there is one). */
  content: string | null;
  highlights: AnswerHighlights | null;
  question: string | null;
  onVisible: (visible: boolean) => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    const log = el?.closest('[role="log"]');
    if (!el || !log) return;
    const io = new IntersectionObserver(([e]) => onVisible(!!e?.isIntersecting), {
      root: log,
      rootMargin: '-56px 0px 0px 0px',
    });
    io.observe(el);
    return () => {
      io.disconnect();
      onVisible(false);
    };
  }, [onVisible]);
  const answered = kind === 'answer' && highlights !== null;
  const text = content ? answerSentences(content) : '';
  const missing = highlights ? unsupportedSummary(highlights.answer) : null;
  const chart = highlights?.chart ?? null;
  const claims = highlights?.answer.claims;
  return (
    <section
      ref={ref}
      className={`answer-card ${answered ? '' : 'answer-card-none'}`}
      aria-labelledby={ANSWER_HEADING_ID}
    >
      {question && (
        <p className="answer-question">
          <span className="answer-kicker">Question</span>
          <span className="answer-question-text">{question}</span>
        </p>
      )}
      <h2 id={ANSWER_HEADING_ID} className="answer-heading" tabIndex={-1}>
        {answered ? (
          <>
            <Icon name="sparkle" size={15} /> Answer
          </>
        ) : (
          heading
        )}
      </h2>
      {text && <AnswerText text={text} claims={claims} />}
      {answered && missing && (
        <p className="answer-check answer-check-missing">
          <Icon name="alert" size={14} />
          <span>{missing}</span>
        </p>
      )}
      {highlights && answered && <KeyFigures highlights={highlights} />}
      {chart && answered && (
        <div className="answer-chart">
          <ChartView spec={chart.spec} height={240} main />
        </div>
      )}
    </section>
  );
});
