// The conversation is a virtualized list: only the rows near the view are in the DOM. To reach
// an older row, scroll the log towards the start until it is mounted (from the end once, when it
// started at the top), then bring it into view (the list may re-render it meanwhile: then it is
// looked up again).
import type { Locator, Page } from 'playwright-core';

export async function revealInLog(page: Page, target: Locator, timeoutMs = 15_000): Promise<void> {
  const log = page.getByRole('log');
  const deadline = Date.now() + timeoutMs;
  // a finished analysis opens at its answer, at the top: then start from the end
  let wrapped = false;
  for (;;) {
    if ((await target.count()) > 0) {
      const shown = await target.scrollIntoViewIfNeeded({ timeout: 2_000 }).then(
        () => true,
        () => false,
      );
      if (shown && (await target.count()) > 0) return;
    } else {
      let top = await log.evaluate((el) => {
        el.scrollBy(0, -400);
        return el.scrollTop;
      });
      if (top === 0 && !wrapped) {
        wrapped = true;
        top = await log.evaluate((el) => {
          el.scrollTop = el.scrollHeight;
          return el.scrollTop;
        });
      }
      await page.waitForTimeout(top === 0 ? 200 : 40);
    }
    if (Date.now() > deadline) throw new Error('not found in the conversation log');
  }
}

/**
 * Open or close a folded step. The log grows while a run goes on (rows arrive, are measured and
 * move), so a click can land while the row shifts: click, wait for the state to follow, and click
 * again only when it did not.
 */
export async function setStepOpen(
  page: Page,
  toggle: Locator,
  open: boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const want = String(open);
  const deadline = Date.now() + timeoutMs;
  while ((await toggle.getAttribute('aria-expanded')) !== want) {
    if (Date.now() > deadline) throw new Error(`the step did not ${open ? 'open' : 'close'}`);
    await toggle.click();
    const until = Date.now() + 1_000;
    while (Date.now() < until && (await toggle.getAttribute('aria-expanded')) !== want)
      await page.waitForTimeout(50);
  }
}
