// Keeps a scrolling log at its end while it grows (streamed text, outputs, charts, new
// messages) — unless the reader scrolled away from the end; scrolling back sticks it again.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

const NEAR_END = 48;

export function useStickToEnd(scrollRef: RefObject<HTMLElement | null>, contentSize: number) {
  const stick = useRef(true);
  const [stuck, setStuck] = useState(true);

  const toEnd = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [scrollRef]);

  // After every change of the content's size, before paint.
  useLayoutEffect(() => {
    if (stick.current) toEnd();
  }, [contentSize, toEnd]);

  const setStick = (value: boolean) => {
    stick.current = value;
    setStuck(value);
  };
  const onScroll = () => {
    const el = scrollRef.current;
    if (el) setStick(el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_END);
  };
  const jump = useCallback(() => {
    stick.current = true;
    setStuck(true);
    toEnd();
  }, [toEnd]);
  /** Stop following the end (the view is about to move elsewhere, e.g. to the answer). */
  const release = useCallback(() => {
    stick.current = false;
    setStuck(false);
  }, []);
  return { stuck, onScroll, jump, release };
}
