// Progress of an analysis on stderr: one line per step; on a terminal, long steps show their
// elapsed time while they run. Text that comes from the conversation (model names, notices,
// errors) is printed with its control characters made visible: no terminal escape, bidi control
// or lone CR of a model reaches the terminal.
import type { AgentEvent } from '../../model/agent/events';
import type { AssistantMessage, Conversation } from '../../model/agent/conversation';
import { showInvisibles } from '../../model/text/visible';

export interface ProgressOptions {
  write: (s: string) => void;
  /** stderr is a terminal: redraw the current step with its elapsed time. */
  tty: boolean;
  now?: () => number;
}

export class Progress {
  private current: { text: string; started: number } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ProgressOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Text for the terminal: escapes visible, in reverse video on a terminal. */
  private safe(text: string): string {
    return showInvisibles(text, this.options.tty ? { mark: (e) => `\x1b[7m${e}\x1b[27m` } : {});
  }

  /** A step that takes a while: on a terminal its elapsed time ticks until `done`. */
  begin(text: string): void {
    this.end();
    this.current = { text: this.safe(text), started: this.now() };
    if (this.options.tty) {
      this.options.write(`${this.current.text}…`);
      this.timer = setInterval(() => this.redraw(), 1000);
      this.timer.unref();
    }
  }

  private redraw(): void {
    if (!this.current) return;
    const seconds = Math.round((this.now() - this.current.started) / 1000);
    this.options.write(`\r\x1b[K${this.current.text}… ${seconds} s`);
  }

  /** Ends the current step with its outcome. */
  done(outcome: string): void {
    if (!this.current) return this.line(outcome);
    const seconds = ((this.now() - this.current.started) / 1000).toFixed(1);
    const text = `${this.current.text}: ${this.safe(outcome)} (${seconds} s)`;
    this.stopTimer();
    this.options.write(this.options.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.current = null;
  }

  line(text: string): void {
    this.end();
    this.options.write(`${this.safe(text)}\n`);
  }

  end(): void {
    if (this.current) this.done('stopped');
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Turns engine events into progress lines. */
  onEvent(event: AgentEvent, conv: Conversation): void {
    const assistant = (id: string) =>
      conv.messages.find((m): m is AssistantMessage => m.id === id && m.role === 'assistant');
    switch (event.type) {
      case 'message':
        if (event.message.role === 'assistant')
          this.begin(`turn ${conv.turns + 1}: ${conv.model.label} is writing`);
        else if (event.message.role === 'notice' && event.message.level !== 'info')
          this.line(`${event.message.level}: ${event.message.content}`);
        break;
      case 'assistant-done': {
        const calls = event.blocks.filter((b) => b.tool).length;
        const blocks = event.blocks.length - calls;
        const parts = [
          ...(calls ? [`${calls} tool call${calls > 1 ? 's' : ''}`] : []),
          ...(blocks ? [`${blocks} code block${blocks > 1 ? 's' : ''}`] : []),
        ];
        this.done(parts.length ? parts.join(', ') : 'answer, no code');
        break;
      }
      case 'execution-info':
        this.line(`code runs in: ${event.info.description}`);
        for (const w of event.info.warnings) this.line(`warning: ${w}`);
        break;
      case 'block': {
        const block = assistant(event.id)?.blocks.find((b) => b.index === event.index);
        const kind = block?.tool ? `tool ${block.tool.name}` : (block?.language ?? 'python');
        const label = `  block ${event.index + 1} (${kind})`;
        if (event.patch.status === 'awaiting-approval') this.line(`${label} waits for approval`);
        // a tool call that did not fit the data: it failed before anything ran
        else if (event.patch.status === 'failed' && !event.patch.result && block?.tool)
          this.line(`${label} failed: ${event.patch.output ?? ''}`);
        else if (event.patch.status === 'running') this.begin(`${label} running`);
        else if (event.patch.status && event.patch.result) this.done(event.patch.status);
        else if (event.patch.status === 'rejected') this.line(`${label} rejected`);
        break;
      }
      case 'finished':
        this.end();
        this.line(
          `finished: ${event.reason}${event.error ? ` (${event.error})` : ''} after ${conv.turns} turn${conv.turns === 1 ? '' : 's'}`,
        );
        break;
      default:
        break;
    }
  }
}
