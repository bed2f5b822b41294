// Screenshots of end-to-end runs, kept as test artifacts in test-results/e2e/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './bridge';

export const SHOTS = path.join(ROOT, 'test-results', 'e2e');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}
