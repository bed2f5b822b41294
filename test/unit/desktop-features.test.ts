// The desktop's handlers, one factory per feature: each serves only its own `feature:` channels,
// and together they serve every channel of the contract exactly once.
import { expect, it } from 'vitest';
import { FEATURES } from '../../electron/core/desktop/handlers';
import type { DesktopServices } from '../../electron/core/desktop/services';
import { invokeSchemas } from '../../electron/shared/contract';

it("each feature's handlers are its own channels, and every contract channel is served exactly once", () => {
  const served: string[] = [];
  for (const [feature, factory] of Object.entries(FEATURES)) {
    // the services are never called while the handlers are made
    const channels = Object.keys(factory({} as DesktopServices));
    expect(channels.length).toBeGreaterThan(0);
    for (const channel of channels) expect(channel.startsWith(`${feature}:`)).toBe(true);
    served.push(...channels);
  }
  expect(served.sort()).toEqual(Object.keys(invokeSchemas).sort());
  expect(new Set(served).size).toBe(served.length);
});
