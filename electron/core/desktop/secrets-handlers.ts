/** secrets:* — the API key's status, set and clear; the key itself never goes back to the renderer. */
import type { KeyStatus } from '../../shared/contract';
import { endpointOf } from '../../model/settings';
import type { DesktopServices, FeatureHandlers } from './services';

export function secretsHandlers(s: DesktopServices): FeatureHandlers<'secrets'> {
  const status = (): KeyStatus => {
    const settings = s.settings.current();
    const provider = settings.provider === 'compatible' ? 'compatible' : 'openai';
    return s.ports.secrets.status(provider, endpointOf(settings));
  };
  return {
    'secrets:status': async () => status(),
    'secrets:set': async ({ key, sessionOnly }) => {
      // bound to the endpoint main has in its settings, never to one the renderer names
      s.ports.secrets.set(key.trim(), {
        sessionOnly: sessionOnly === true,
        endpoint: endpointOf(s.settings.current()),
      });
      return status();
    },
    'secrets:clear': async () => {
      s.ports.secrets.clear();
      return status();
    },
  };
}
