/** conversations:* — list, start, send, recover, approve, rename, delete, artifacts and export. */
import { oneLine } from '../../model/text/one-line';
import type { DesktopServices, FeatureHandlers } from './services';

export function conversationsHandlers(s: DesktopServices): FeatureHandlers<'conversations'> {
  return {
    'conversations:list': async () => s.conversations.list(),
    'conversations:get': async (id) => s.conversations.get(id),
    'conversations:start': async ({ fileId, question }) => s.conversations.start(fileId, question),
    'conversations:send': async (id, text) => s.conversations.send(id, text),
    'conversations:cancel': async (id) => s.conversations.cancel(id),
    'conversations:recover': async (id, action) => s.conversations.recover(id, action),
    'conversations:approve': async ({ conversationId, messageId, index, decision }) => {
      s.conversations.approve(conversationId, messageId, index, decision);
      if (decision.action === 'setup-docker') {
        // the run stops; once the image is ready, its next question opens a (verified) Docker sandbox
        void s.sandbox
          .prepare()
          .then(() => s.conversations.releaseSession(conversationId))
          .catch((err: Error) =>
            s.ports.events.emit('app:error', {
              message: `Docker isolation could not be set up: ${oneLine(err)}`,
            }),
          );
      }
    },
    'conversations:rename': async (id, title) => s.conversations.rename(id, title),
    'conversations:delete': async (id) => s.conversations.delete(id),
    'conversations:artifact': async (id, name) => s.artifacts.read(id, name),
    'conversations:export': async (id, format) => s.exports.export(id, format),
  };
}
