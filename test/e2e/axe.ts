// axe-core in the page as it is now: its serious and critical findings, one readable line each
// (an empty list is a pass). Evaluated through the debugging protocol: the app's CSP (rightly)
// refuses injected script tags.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Waits until no CSS transition or animation is running (colours measured half-way fail contrast). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.playState === 'finished' ||
          a.playState === 'idle' ||
          a.effect?.getTiming().iterations === Infinity,
      ),
  );
}

export async function axeFindings(page: Page): Promise<string[]> {
  await settled(page);
  await page.evaluate(AXE_SOURCE);
  const findings: Finding[] = await page.evaluate(async () => {
    type Result = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<Result> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  });
  return findings
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => `${f.impact} ${f.id} (${f.help}): ${f.nodes.join(' | ')}`);
}

/**
 * Shows the page in a theme (as the theme setting would) until that setting changes, once the
 * colour transitions it starts are over (axe would otherwise measure colours half-way).
 */
export async function forceTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
    document.documentElement.style.colorScheme = t;
  }, theme);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .filter((a) => a instanceof CSSTransition)
      .every((a) => a.playState === 'finished'),
  );
}
