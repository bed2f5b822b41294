/** app:* — version, platform and data folder. */
import type { DesktopServices, FeatureHandlers } from './services';

export function appHandlers(s: DesktopServices): FeatureHandlers<'app'> {
  return {
    'app:info': async () => ({
      version: s.ports.appVersion,
      platform: process.platform,
      dataDir: s.ports.dataDir,
    }),
  };
}
