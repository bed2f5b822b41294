/** exports:* — open a written export (HTML, PDF) with its default application, or show it in its folder. */
import type { DesktopServices, FeatureHandlers } from './services';

export function exportsHandlers(s: DesktopServices): FeatureHandlers<'exports'> {
  return {
    'exports:open': async (exportId) => s.exports.open(exportId),
    'exports:reveal': async (exportId) => s.exports.reveal(exportId),
  };
}
