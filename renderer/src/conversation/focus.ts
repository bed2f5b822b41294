// Going from a claim of the answer to the output line it came from: the log (MessageList) brings
// the block's row into view and names the line; the block's output (BlockOutput) opens, shows the
// line highlighted, scrolls it into view and focuses it — once per click, so a row the virtualized
// list mounts again later does not pull the view back.
import { createContext, useContext } from 'react';

export interface OutputLine {
  /** The assistant message holding the block, and the block's index in it. */
  messageId: string;
  index: number;
  /** 1-based line of the block's output. */
  line: number;
}

export interface OutputTarget extends OutputLine {
  /** Which click this is (a second click on the same claim reveals again). */
  seq: number;
}

export interface OutputFocus {
  target: OutputTarget | null;
  reveal(line: OutputLine): void;
  /** True until the target's line has been brought into view once. */
  pending(seq: number): boolean;
  done(seq: number): void;
}

export const OutputFocusContext = createContext<OutputFocus>({
  target: null,
  reveal: () => undefined,
  pending: () => false,
  done: () => undefined,
});

export const useOutputFocus = () => useContext(OutputFocusContext);
