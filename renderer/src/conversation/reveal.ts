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

const inside = (r: DOMRect, view: DOMRect) => r.top >= view.top - 1 && r.bottom <= view.bottom + 1;

/** True when `el` is wholly in view: inside its scrolling output box, and inside the log. */
export function inLogView(el: HTMLElement): boolean {
  const log = logOf(el);
  if (!log) return false;
  const box = el.closest<HTMLElement>('pre');
  const r = el.getBoundingClientRect();
  if (box && box.scrollHeight > box.clientHeight && !inside(r, box.getBoundingClientRect())) return false;
  return inside(r, log.getBoundingClientRect());
}

/** Brings a line of output a third of the way down its output box, then of the log (when not in view). */
export function revealLine(el: HTMLElement): void {
  const log = logOf(el);
  if (!log || inLogView(el)) return;
  const box = el.closest<HTMLElement>('pre');
  if (box && box.scrollHeight > box.clientHeight) {
    const b = box.getBoundingClientRect();
    box.scrollTop += el.getBoundingClientRect().top - b.top - box.clientHeight / 3;
  }
  const view = log.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (!inside(r, view)) scrollBy(log, r.top - view.top - view.height / 3);
}
