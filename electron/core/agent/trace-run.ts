/**
 * The run's final answer with every number it states checked against the outputs (answer/).
 * Answered: never after an error or a cancel; else the model's own verdict when it gives one,
 * else a normal end (terminated) with a non-empty answer.
 */
import { answerText, finalAnswerMessage, traceAnswer } from '../answer/trace';
import type { AnswerTrace } from '../../model/answer/types';
import type { ChatModel } from '../../model/llm/types';
import type { Conversation, StopReason } from '../../model/agent/conversation';
import { chatMessages } from './prompt';

export function traceRun(
  conv: Conversation,
  model: ChatModel,
  system: string,
  reason: StopReason,
): AnswerTrace | null {
  try {
    const message = finalAnswerMessage(conv);
    const text = message ? answerText(message.content) : '';
    let answered = false;
    if (reason !== 'error' && reason !== 'cancelled' && message) {
      let verdict: boolean | null = null;
      try {
        verdict = model.answered?.(chatMessages(conv, system, model.info.contextTokens)) ?? null;
      } catch {
        verdict = null;
      }
      answered = verdict ?? (reason === 'terminated' && text !== '');
    }
    return traceAnswer(conv, { answered, messageId: message?.id ?? null });
  } catch {
    return null; // a tracing bug never stops a run from finishing
  }
}
