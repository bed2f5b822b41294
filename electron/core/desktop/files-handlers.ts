/** files:* — the open dialog, dropped files, recent files, previews and briefs. */
import type { DesktopServices, FeatureHandlers } from './services';

export function filesHandlers(s: DesktopServices): FeatureHandlers<'files'> {
  return {
    'files:choose': async () => {
      const chosen = await s.ports.dialogs.chooseDataFile();
      return chosen ? s.files.grant(chosen) : null;
    },
    'files:grant-dropped': async (dropped) => Promise.all(dropped.map((f) => s.files.grantDropped(f.path))),
    'files:recent': async () => s.files.recent(),
    'files:of-conversation': async (id) => s.conversations.fileOf(id),
    'files:preview': async (fileId, range) => s.files.preview(fileId, range.offset, range.limit),
    'files:brief': async (fileId, level) => s.files.brief(fileId, level),
  };
}
