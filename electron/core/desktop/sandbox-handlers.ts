/** sandbox:* — where code would run (status), preparing the Docker image, cancelling it. */
import type { DesktopServices, FeatureHandlers } from './services';

export function sandboxHandlers(s: DesktopServices): FeatureHandlers<'sandbox'> {
  return {
    'sandbox:status': async (refresh, wait) => s.sandbox.status(refresh === true, wait === true),
    'sandbox:prepare': async () => s.sandbox.prepare(),
    'sandbox:cancel': async () => s.sandbox.cancel(),
  };
}
