/** Conversations: list, start, send, approve, rename, delete, artifacts and exports. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const CONVERSATIONS_CHANNELS = [
  'conversations:list',
  'conversations:get',
  'conversations:start',
  'conversations:send',
  'conversations:cancel',
  'conversations:recover',
  'conversations:approve',
  'conversations:rename',
  'conversations:delete',
  'conversations:artifact',
  'conversations:export',
] as const satisfies readonly InvokeChannel[];

export function setupConversations(ctx: SetupContext): void {
  register(ctx, CONVERSATIONS_CHANNELS);
}
