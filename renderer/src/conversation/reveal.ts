// Scrolling the conversation log from inside a row: bring a block waiting for the user's decision
// into view (the log otherwise stays at its end, below it), and follow the run again once decided.
// A scroll event is sent at once so the log's stick-to-end state (useStickToEnd) agrees at once.

const MARGIN = 8;

function logOf(el: HTMLElement | null): HTMLElement | null {
  return el?.closest<HTMLElement>('[role="log"]') ?? null;
}

function scrollBy(log: HTMLElement, delta: number): void {
  if (Math.abs(delta) < 1) return;
  log.scrollTop += delta;
  log.dispatchEvent(new Event('scroll'));
}

/**
 * Shows the whole code block around `prompt` when it fits; else the whole prompt with as much of
 * the code above it as fits; else the prompt from its top.
 */
export function revealPrompt(prompt: HTMLElement | null): void {
  const log = logOf(prompt);
  const block = prompt?.closest<HTMLElement>('.code-block');
  if (!log || !block || !prompt) return;
  const view = log.getBoundingClientRect();
  const b = block.getBoundingClientRect();
  const p = prompt.getBoundingClientRect();
  if (b.top >= view.top && b.bottom <= view.bottom) return;
  if (b.height + 2 * MARGIN <= view.height)
    scrollBy(log, b.bottom > view.bottom ? b.bottom - view.bottom + MARGIN : b.top - view.top - MARGIN);
  else if (p.height + 2 * MARGIN <= view.height) scrollBy(log, p.bottom - view.bottom + MARGIN);
  else scrollBy(log, p.top - view.top - MARGIN);
}

/** Back to the end of the log, following what comes next. */
export function followLog(from: HTMLElement | null): void {
  const log = logOf(from);
  if (log) scrollBy(log, log.scrollHeight - log.clientHeight - log.scrollTop);
}
