/**
 * Checks the renderer's arguments for an invoke channel against the contract. Used by the main
 * process's IPC layer and by the end-to-end test bridge, so both refuse exactly the same calls.
 */
import { invokeSchemas, type InvokeArgs, type InvokeChannel } from './contract';

export class InvalidCallError extends Error {
  constructor(channel: string, detail: string) {
    super(`invalid call to ${channel}: ${detail}`);
    this.name = 'InvalidCallError';
  }
}

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeSchemas, channel);
}

/** The validated arguments, or an InvalidCallError with one line naming the first problem. */
export function validateArgs<C extends InvokeChannel>(channel: C, args: unknown[]): InvokeArgs<C> {
  const parsed = invokeSchemas[channel].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : '';
    throw new InvalidCallError(channel, `${issue?.message ?? 'bad arguments'}${where}`);
  }
  return parsed.data as InvokeArgs<C>;
}
