// Text with its invisible characters made visible (electron/model/text/visible.ts): a bidi
// control, a terminal escape or a lone CR is drawn as its escape (`\u202e`, `\x1b`, `\r`) in a
// marked box, so it cannot reorder or hide what is shown. Display only: copying and running
// always use the original text.
import { memo } from 'react';
import { hasInvisibles, splitInvisibles } from '../../../electron/model/text/visible';
import './visible.css';

const NAMES: Record<number, string> = {
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x061c: 'Arabic letter mark',
  0x200b: 'zero-width space',
  0xfeff: 'zero-width no-break space',
};

function describe(char: string): string {
  const code = char.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `Hidden character ${hex}${NAMES[code] ? ` (${NAMES[code]})` : ''}, shown as an escape`;
}

export const Visible = memo(function Visible({ text }: { text: string }) {
  if (!hasInvisibles(text)) return <>{text}</>;
  return (
    <>
      {splitInvisibles(text).map((p, i) =>
        p.escaped ? (
          <span key={i} className="invisible-char" title={describe(p.char)}>
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
});
