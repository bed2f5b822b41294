/** links:* — http(s) links open in the OS browser; nothing else does. */
import type { DesktopServices, FeatureHandlers } from './services';

function httpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('only http(s) links open in the browser');
  return parsed.toString();
}

export function linksHandlers(s: DesktopServices): FeatureHandlers<'links'> {
  return {
    'links:open': async (url) => s.ports.shell.openExternal(httpUrl(url)),
  };
}
