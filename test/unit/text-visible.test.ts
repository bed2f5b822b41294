// Hidden characters made visible for display (Trojan Source, terminal escapes, CR overwrites):
// the function, the renderer's Visible component, and the CLI's progress lines.
// Visible imports its stylesheet: the renderer's declaration of *.css modules is needed here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../renderer/src/env.d.ts" />
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../electron/core/cli/progress';
import { hasInvisibles, showInvisibles, splitInvisibles } from '../../electron/model/text/visible';
import { Visible } from '../../renderer/src/shared/Visible';

/** Characters that must never reach a display as they are. */
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- this test looks for control characters
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\r(?!\n)/;

// Trojan Source (CVE-2021-42574), the "stretched string" and "commenting out" examples.
const STRETCHED =
  'access_level = "user"\nif access_level != "none\u202e \u2066# Check if admin\u2069 \u2066":\n    print("You are an admin.")\n';
const COMMENTED = 's = "ok"\n# \u202e } \u2066if is_admin:\u2069 \u2066 begin admins only\nprint(s)\n';

describe('showInvisibles', () => {
  it('shows the bidi controls of a Trojan Source string and comment as escapes', () => {
    expect(showInvisibles(STRETCHED)).toBe(
      'access_level = "user"\nif access_level != "none\\u202e \\u2066# Check if admin\\u2069 \\u2066":\n    print("You are an admin.")\n',
    );
    expect(showInvisibles(COMMENTED)).toBe(
      's = "ok"\n# \\u202e } \\u2066if is_admin:\\u2069 \\u2066 begin admins only\nprint(s)\n',
    );
    for (const text of [STRETCHED, COMMENTED]) expect(showInvisibles(text)).not.toMatch(HIDDEN);
  });

  it('shows every bidi control and mark, and invisible characters', () => {
    const controls = [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
    ];
    for (const c of controls) {
      const shown = showInvisibles(`a${String.fromCharCode(c)}b`);
      expect(shown).toBe(`a\\u${c.toString(16).padStart(4, '0')}b`);
    }
    expect(showInvisibles('is\u200badmin\ufeff')).toBe('is\\u200badmin\\ufeff');
  });

  it('shows terminal escapes: an ANSI clear-screen, colours, a bell, C1 controls', () => {
    const clear = 'total: 42\n\x1b[2J\x1b[Hall good\x07\n';
    expect(showInvisibles(clear)).toBe('total: 42\n\\x1b[2J\\x1b[Hall good\\x07\n');
    expect(showInvisibles('\x1b]0;pwned\x07\u009b31m\x00\x7f')).toBe('\\x1b]0;pwned\\x07\\x9b31m\\x00\\x7f');
  });

  it('shows a CR that would overwrite its line, keeps CRLF, newlines and tabs', () => {
    expect(showInvisibles('rm -rf ~ \rls -l\n')).toBe('rm -rf ~ \\rls -l\n');
    expect(showInvisibles('ends with CR\r')).toBe('ends with CR\\r');
    expect(showInvisibles('a\tb\r\nc\n')).toBe('a\tb\r\nc\n');
    expect(hasInvisibles('a\tb\r\nc\n')).toBe(false);
  });

  it('leaves ordinary text of any script alone, and never changes the text given', () => {
    const text = 'Zürich 東京 مرحبا שלום 👩‍💻 — “quotes”';
    expect(showInvisibles(text)).toBe(text);
    const code = STRETCHED;
    showInvisibles(code);
    expect(code).toContain('\u202e'); // strings are immutable: the code to run keeps its bytes
  });

  it('splits into parts that give back the original text', () => {
    const parts = splitInvisibles(STRETCHED + '\x1b[0m\r');
    expect(parts.map((p) => (p.escaped ? p.char : p.text)).join('')).toBe(STRETCHED + '\x1b[0m\r');
    expect(parts.filter((p) => p.escaped).map((p) => p.text)).toEqual([
      '\\u202e',
      '\\u2066',
      '\\u2069',
      '\\u2066',
      '\\x1b',
      '\\r',
    ]);
  });

  it('marks escapes when asked (reverse video on a terminal)', () => {
    expect(showInvisibles('a\x1bb', { mark: (e) => `[${e}]` })).toBe('a[\\x1b]b');
  });
});

describe('the renderer draws escapes, boxed (Visible; CodeView and BlockOutput in test/e2e/invisibles)', () => {
  it('no raw control in the markup, each escape in its own titled span', () => {
    const html = renderToStaticMarkup(createElement(Visible, { text: STRETCHED }));
    expect(html).not.toMatch(HIDDEN);
    expect(html.match(/<span class="invisible-char" title="[^"]*">\\u202e<\/span>/g)).toHaveLength(1);
    expect(html.match(/class="invisible-char"/g)).toHaveLength(4);
    expect(html).toContain('right-to-left override');
  });

  it('a CR overwrite and terminal escapes in output', () => {
    const html = renderToStaticMarkup(createElement(Visible, { text: 'secret=1\rall fine\n\x1b[2J\n' }));
    expect(html).not.toMatch(HIDDEN);
    expect(html).toContain('secret=1<span class="invisible-char"');
    expect(html).toContain('>\\r</span>all fine');
    expect(html).toContain('>\\x1b</span>[2J');
  });

  it('plain text stays plain', () => {
    expect(renderToStaticMarkup(createElement(Visible, { text: 'a < b\tc' }))).toBe('a &lt; b\tc');
  });
});

describe('the CLI progress lines', () => {
  const run = (tty: boolean) => {
    const out: string[] = [];
    const p = new Progress({ write: (s) => out.push(s), tty, now: () => 0 });
    p.line('warning: model says \x1b[2J\x1b[1;1Hall clear \u202eevil');
    p.begin('turn 1: llama\r\x1b[K is writing');
    p.done('failed: \x07');
    return out.join('');
  };

  it('prints escapes visibly, never the controls themselves', () => {
    expect(run(false)).toBe(
      'warning: model says \\x1b[2J\\x1b[1;1Hall clear \\u202eevil\nturn 1: llama\\r\\x1b[K is writing: failed: \\x07 (0.0 s)\n',
    );
  });

  it('on a terminal: in reverse video, and only the progress line redraw is a real escape', () => {
    const out = run(true);
    expect(out).toContain('model says \x1b[7m\\x1b\x1b[27m[2J');
    expect(out).toContain('\x1b[7m\\u202e\x1b[27mevil');
    // the real escapes left are reverse video on/off and the line redraw (\r\x1b[K)
    // eslint-disable-next-line no-control-regex -- real escape sequences, looked for on purpose
    const real = [...out.matchAll(/\x1b\[[0-9;]*[A-Za-z]/g)].map((m) => m[0]);
    expect(new Set(real)).toEqual(new Set(['\x1b[7m', '\x1b[27m', '\x1b[K']));
  });
});
