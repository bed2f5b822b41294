/** settings:* — read and update (validated by the contract, persisted by the shell). */
import type { DesktopServices, FeatureHandlers } from './services';

export function settingsHandlers(s: DesktopServices): FeatureHandlers<'settings'> {
  return {
    'settings:get': async () => s.settings.current(),
    'settings:update': async (patch, confirm) => {
      const before = s.settings.current();
      if (patch.approval === 'never' && before.approval !== 'never' && !confirm?.confirmUnsandboxed) {
        const status = await s.sandbox.status(false, true);
        if (!status.isolated)
          throw new Error('running code without asking where no sandbox is verified needs your confirmation');
      }
      const settings = s.settings.apply(patch);
      if (patch.securityMode) s.ports.events.emit('sandbox:status', await s.sandbox.status());
      return settings;
    },
  };
}
