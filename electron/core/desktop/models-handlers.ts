/** models:* — list the models of a base URL, test a connection, check the configured model. */
import { listModels, testConnection } from '../llm/endpoints';
import type { DesktopServices, FeatureHandlers } from './services';

export function modelsHandlers(s: DesktopServices): FeatureHandlers<'models'> {
  /** The key goes only to the origin it was saved for, whatever URL the renderer names. */
  const key = (baseUrl: string) => s.ports.secrets.get(baseUrl) ?? undefined;
  return {
    'models:list': async ({ baseUrl }) => listModels({ baseUrl, apiKey: key(baseUrl) }),
    'models:test': async ({ baseUrl }) => testConnection({ baseUrl, apiKey: key(baseUrl) }),
    'models:check': async (confirm) => s.check.start(confirm?.confirmUnsandboxed === true),
    'models:check-cancel': async () => s.check.cancel(),
    'models:check-status': async () => s.check.status(),
  };
}
