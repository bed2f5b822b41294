// The renderer's one way to the main process: the typed API the preload (or the test bridge)
// puts on `window.plotwright`.
import type { RendererApi } from '../../../electron/shared/api';

declare global {
  interface Window {
    plotwright?: RendererApi;
  }
}

export type { RendererApi };

export function hasApi(): boolean {
  return typeof window !== 'undefined' && window.plotwright !== undefined;
}

/**
 * Listeners are left through the function they return: an AbortSignal cannot cross Electron's
 * context bridge.
 */
export function api(): RendererApi {
  const bridge = window.plotwright;
  if (!bridge) throw new Error('Plotwright’s bridge to the app is missing');
  return bridge;
}
