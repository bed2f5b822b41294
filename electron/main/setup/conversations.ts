/** Conversations: list, start, send, approve, rename, delete, artifacts and exports. */
import { conversationsHandlers } from '../../core/desktop/conversations-handlers';
import { register, type SetupContext } from './context';

export function setupConversations(ctx: SetupContext): void {
  register(ctx, conversationsHandlers(ctx.services));
}
