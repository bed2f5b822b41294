/**
 * Number tracing: every number an answer states, checked against what the code printed.
 * Pure and Node-free (the renderer and the reports use it too). docs/agent.md, "Answers and
 * number tracing".
 */
export type {
  AnswerClaim,
  AnswerTrace,
  ClaimSource,
  OutputSource,
  ProfileSource,
} from '../../model/answer/types';
export { answerText, finalAnswerMessage, traceAnswer, traceClaims } from './trace';
export { statedNumbers, mentionedValues, type StatedNumber } from './claims';
export { numbersInLine, matches, outputLines, type Found, type SourceLine } from './sources';
export { plainText, findNumber } from '../../model/answer/plain';
export {
  answerHighlights,
  type AnswerHighlights,
  type KeyFigure,
  type MainChart,
} from '../../model/answer/highlights';
export {
  ALL_SUPPORTED,
  allSupported,
  ClaimMarker,
  markHast,
  markMarkdownSource,
  sourceLabel,
  sourceRef,
  unsupportedClaims,
  unsupportedSummary,
  type MarkSegment,
} from '../../model/answer/marks';
