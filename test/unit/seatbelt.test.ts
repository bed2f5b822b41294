// The macOS Seatbelt profile generator. sandbox-exec does not exist on Linux, so these tests only
// check the generated text: they parse it back (a small S-expression reader) and evaluate it with
// SBPL's last-match-wins rule for the paths that matter. Whether macOS accepts and enforces it is
// for the run-time probe on a real Mac.
import { describe, expect, it } from 'vitest';
import {
  SANDBOX_EXEC,
  sandboxPath,
  sbplString,
  seatbeltCommand,
  seatbeltProfile,
  type SeatbeltLayout,
} from '../../electron/core/exec/local/seatbelt';

type Sexp = string | { str: string } | Sexp[];

/** Reads SBPL: lists, symbols, and strings with backslash escapes. */
function readSbpl(text: string): Sexp[] {
  let i = 0;
  const form = (): Sexp => {
    if (text[i] === '(') {
      i++;
      const items: Sexp[] = [];
      for (;;) {
        while (/[\s]/.test(text[i] ?? '') || text[i] === ';') {
          if (text[i] === ';') while (i < text.length && text[i] !== '\n') i++;
          else i++;
        }
        if (i >= text.length) throw new Error('unbalanced (');
        if (text[i] === ')') return (i++, items);
        items.push(form());
      }
    }
    if (text[i] === '"') {
      let out = '';
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) throw new Error('unterminated string');
        if (text[i] === '\\') i++;
        out += text[i];
      }
      i++;
      return { str: out };
    }
    const start = i;
    while (i < text.length && !/[\s()";]/.test(text[i]!)) i++;
    if (start === i) throw new Error(`unexpected ${text[i]} at ${i}`);
    return text.slice(start, i);
  };
  const forms: Sexp[] = [];
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++;
    else if (text[i] === ';') while (i < text.length && text[i] !== '\n') i++;
    else if (text[i] === ')') throw new Error('unbalanced )');
    else forms.push(form());
  }
  return forms;
}

interface Rule {
  action: 'allow' | 'deny';
  ops: string[];
  filters: [string, string][];
}

function rulesOf(profile: string): Rule[] {
  const forms = readSbpl(profile);
  expect(forms[0]).toEqual(['version', '1']);
  return forms.slice(1).map((f) => {
    expect(Array.isArray(f) && (f[0] === 'allow' || f[0] === 'deny'), JSON.stringify(f)).toBe(true);
    const items = f as Sexp[];
    const ops = items.slice(1).filter((x): x is string => typeof x === 'string');
    const filters = items.slice(1).filter(Array.isArray) as Sexp[][];
    return {
      action: items[0] as Rule['action'],
      ops,
      filters: filters.map((x) => {
        const v = x[1];
        return [x[0] as string, typeof v === 'object' && !Array.isArray(v) ? v.str : String(v)];
      }),
    };
  });
}

const opMatches = (ruleOp: string, op: string) =>
  ruleOp === 'default' || ruleOp === op || (ruleOp.endsWith('*') && op.startsWith(ruleOp.slice(0, -1)));
const pathUnder = (p: string, dir: string) => p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);

/** SBPL's decision for an operation: the last matching rule wins. */
function decide(rules: Rule[], op: string, target: { path?: string; name?: string } = {}): 'allow' | 'deny' {
  let verdict: 'allow' | 'deny' = 'deny';
  for (const r of rules) {
    if (!r.ops.some((o) => opMatches(o, op))) continue;
    const hit =
      r.filters.length === 0 ||
      r.filters.some(([kind, v]) => {
        if (kind === 'literal') return target.path === v;
        if (kind === 'subpath') return target.path !== undefined && pathUnder(target.path, v);
        if (kind === 'global-name' || kind === 'sysctl-name') return target.name === v;
        if (kind === 'sysctl-name-prefix') return target.name?.startsWith(v) ?? false;
        return false;
      });
    if (hit) verdict = r.action;
  }
  return verdict;
}

const HOME = '/Users/ana';
const WS = '/Users/ana/Library/Application Support/Plotwright/workspaces/c1';
const layout: SeatbeltLayout = {
  workspace: WS,
  tmp: `${WS}/.tmp`,
  readOnlyFiles: [`${WS}/sales.csv`, `${WS}/q "1" \\ 2.csv`],
  roots: [
    '/Users/ana/.pyenv/versions/3.12.4',
    '/opt/homebrew/Cellar/python@3.12/3.12.4/Frameworks/Python.framework/Versions/3.12',
    '/opt/homebrew/lib/python3.12/site-packages',
    '/Applications/Plotwright.app/Contents/Resources/sandbox/kernel',
  ],
};
const profile = seatbeltProfile(layout, { home: HOME });
const rules = rulesOf(profile);
const can = (op: string, path: string) => decide(rules, op, { path }) === 'allow';

describe('seatbeltProfile (generated only; sandbox-exec cannot run on Linux)', () => {
  it('parses back: (version 1), (deny default) first, then only allow/deny rules', () => {
    expect(profile.startsWith('(version 1)\n(deny default)\n')).toBe(true);
    expect(rules[0]).toEqual({ action: 'deny', ops: ['default'], filters: [] });
    // no allow without a filter except the few unconditional operations
    for (const r of rules.filter((r) => r.action === 'allow' && r.filters.length === 0))
      expect(r.ops, JSON.stringify(r)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(process-fork|ipc-posix-sem|ipc-posix-shm)$/)]),
      );
  });

  it('names every input of the layout', () => {
    const strings = rules.flatMap((r) => r.filters.map(([, v]) => v));
    for (const p of [layout.workspace, layout.tmp, ...layout.readOnlyFiles, ...layout.roots])
      expect(strings, p).toContain(p);
  });

  it('lets the workspace and tmp be read and written, and nothing else be written', () => {
    for (const p of [`${WS}/out.png`, `${WS}/.tmp/x`, `${WS}/sub/deep/file`]) {
      expect(can('file-read-data', p), p).toBe(true);
      expect(can('file-write-data', p), p).toBe(true);
      expect(can('file-write-create', p), p).toBe(true);
    }
    for (const p of [
      ...layout.roots.map((r) => `${r}/x.py`),
      '/usr/lib/libSystem.B.dylib',
      '/private/tmp/x',
      '/Users/ana/x',
    ])
      expect(can('file-write-data', p), p).toBe(false);
  });

  it('denies every kind of write to the read-only inputs, including one with quotes and backslashes', () => {
    for (const input of layout.readOnlyFiles) {
      expect(can('file-read-data', input), input).toBe(true);
      for (const op of ['file-write-data', 'file-write-unlink', 'file-write-mode', 'file-write-create'])
        expect(can(op, input), `${op} ${input}`).toBe(false);
    }
    const last = rules[rules.length - 1]!;
    expect(last.action).toBe('deny');
    expect(last.ops).toEqual(['file-write*']);
  });

  it('hides the home folder, except the workspace and the roots inside it', () => {
    for (const p of [
      '/Users/ana/.ssh/id_ed25519',
      '/Users/ana/Documents/taxes.pdf',
      '/Users/ana/Library/Keychains/login.keychain-db',
      `${HOME}/Library/Application Support/Plotwright/settings.json`,
    ])
      expect(can('file-read-data', p), p).toBe(false);
    expect(can('file-read-data', '/Users/ana/.pyenv/versions/3.12.4/lib/python3.12/os.py')).toBe(true);
    expect(can('file-read-data', '/Users/ana/.pyenv/versions/3.11.0/lib/python3.11/os.py')).toBe(false);
    expect(profile).toContain(`(deny file-read* file-write* (subpath ${sbplString(HOME)}))`);
  });

  it('allows stat() of the folders above, not their contents', () => {
    for (const d of ['/', '/Users', HOME, `${HOME}/Library`, '/opt', '/Applications', '/private', '/tmp']) {
      expect(can('file-read-metadata', d), d).toBe(true);
      expect(can('file-read-data', d), d).toBe(false);
    }
    expect(can('file-read-metadata', `${HOME}/Documents`)).toBe(false);
  });

  it('reads the system libraries, frameworks and time zones, but not /etc, /Library or /usr/local', () => {
    for (const p of [
      '/usr/lib/libSystem.B.dylib',
      '/System/Library/Frameworks/Accelerate.framework/Accelerate',
      '/usr/share/zoneinfo/Europe/Paris',
      '/private/etc/localtime',
      '/bin/sh',
      '/dev/null',
      '/dev/urandom',
    ])
      expect(can('file-read-data', p), p).toBe(true);
    for (const p of [
      '/private/etc/passwd',
      '/private/etc/master.passwd',
      '/Library/Preferences/x.plist',
      '/usr/local/bin/x',
      '/Volumes/USB/x',
      '/private/var/root/x',
    ])
      expect(can('file-read-data', p), p).toBe(false);
  });

  it('opens Homebrew only where its Python is, and only its code folders', () => {
    expect(can('file-read-data', '/opt/homebrew/opt/openblas/lib/libopenblas.dylib')).toBe(true);
    expect(can('file-read-data', '/opt/homebrew/var/postgresql@16/base/1')).toBe(false);
    expect(can('file-read-data', '/opt/homebrew/etc/x.conf')).toBe(false);
    const plain = rulesOf(
      seatbeltProfile(
        { ...layout, roots: ['/Library/Frameworks/Python.framework/Versions/3.12'] },
        { home: HOME },
      ),
    );
    expect(decide(plain, 'file-read-data', { path: '/opt/homebrew/opt/openblas/lib/x.dylib' })).toBe('deny');
  });

  it('has no network, and no mach services unless asked', () => {
    for (const op of ['network-outbound', 'network-inbound', 'network-bind'])
      expect(decide(rules, op, { path: '/private/var/run/mDNSResponder' }), op).toBe('deny');
    expect(profile).toContain('(deny network*)');
    expect(profile).not.toContain('mach-lookup');
    expect(decide(rules, 'mach-lookup', { name: 'com.apple.system.opendirectoryd.libinfo' })).toBe('deny');
    const withMach = rulesOf(seatbeltProfile(layout, { home: HOME, extraMachServices: ['com.apple.x'] }));
    expect(decide(withMach, 'mach-lookup', { name: 'com.apple.x' })).toBe('allow');
    expect(decide(withMach, 'mach-lookup', { name: 'com.apple.y' })).toBe('deny');
  });

  it('signals and inspects only its own processes, forks, and execs only from readable places', () => {
    expect(profile).toContain('(allow signal (target same-sandbox))');
    expect(profile).toContain('(allow process-info* (target same-sandbox))');
    expect(profile).toContain('(allow process-fork)');
    expect(decide(rules, 'process-exec', { path: '/bin/sh' })).toBe('allow');
    expect(decide(rules, 'process-exec', { path: `${layout.roots[0]}/bin/python3.12` })).toBe('allow');
    expect(decide(rules, 'process-exec', { path: '/Users/ana/bin/tool' })).toBe('deny');
    expect(decide(rules, 'process-exec', { path: '/usr/local/bin/x' })).toBe('deny');
  });

  it("lets numpy and uname read hardware and OS sysctls, never other processes' arguments", () => {
    const sysctl = (name: string) => decide(rules, 'sysctl-read', { name });
    for (const name of [
      'hw.ncpu',
      'hw.activecpu',
      'hw.optional.arm.FEAT_BF16',
      'machdep.cpu.brand_string',
      'kern.osrelease',
      'kern.hostname',
      'kern.proc.all',
    ])
      expect(sysctl(name), name).toBe('allow');
    for (const name of ['kern.procargs2', 'kern.procargs', 'security.mac.x', 'kern.bootargs'])
      expect(sysctl(name), name).toBe('deny');
    expect(decide(rules, 'sysctl-write', { name: 'hw.ncpu' })).toBe('deny');
  });
});

describe('paths and escaping', () => {
  it('escapes quotes and backslashes so a path reads back unchanged', () => {
    for (const p of ['/a/"quoted"', '/a/back\\slash', '/a/\\"both\\"', '/a/ünï cødé', '/a/(paren) ;semi']) {
      const forms = readSbpl(`(x ${sbplString(p)})`);
      expect(forms).toEqual([['x', { str: p }]]);
    }
  });

  it('refuses paths with control characters', () => {
    for (const bad of ['/a\nb', '/a\u0000b', '/a\tb', '/a\u007fb', '/a\rb']) {
      expect(() => sbplString(bad), JSON.stringify(bad)).toThrow(/control character/);
      expect(() => seatbeltProfile({ ...layout, roots: [bad] }, { home: HOME })).toThrow(/control character/);
    }
  });

  it('uses the /private form of /tmp, /var and /etc, and refuses relative paths', () => {
    expect(sandboxPath('/tmp/x/')).toBe('/private/tmp/x');
    expect(sandboxPath('/var/folders/ab/T/ws')).toBe('/private/var/folders/ab/T/ws');
    expect(sandboxPath('/private/tmp/x')).toBe('/private/tmp/x');
    expect(sandboxPath('/Users/a/../b/./c')).toBe('/Users/b/c');
    expect(sandboxPath('/tmpfoo')).toBe('/tmpfoo');
    expect(() => sandboxPath('ws')).toThrow(/absolute/);
    const p = seatbeltProfile(
      { workspace: '/tmp/ws', tmp: '/tmp/ws/.tmp', readOnlyFiles: ['/tmp/ws/a.csv'], roots: [] },
      { home: HOME },
    );
    expect(decide(rulesOf(p), 'file-write-data', { path: '/private/tmp/ws/out' })).toBe('allow');
    expect(decide(rulesOf(p), 'file-write-data', { path: '/private/tmp/ws/a.csv' })).toBe('deny');
  });

  it('refuses layouts that would open the home folder or the whole disk', () => {
    const bad: Partial<SeatbeltLayout>[] = [
      { roots: ['/'] },
      { roots: ['/Users'] },
      { roots: [HOME] },
      { workspace: HOME, tmp: `${HOME}/.tmp`, readOnlyFiles: [] },
      { workspace: '/', tmp: '/tmp', readOnlyFiles: [] },
      { readOnlyFiles: ['/Users/ana/elsewhere.csv'] },
    ];
    for (const b of bad)
      expect(() => seatbeltProfile({ ...layout, ...b }, { home: HOME }), JSON.stringify(b)).toThrow(
        /refusing/,
      );
  });
});

describe('seatbeltCommand (generated only)', () => {
  it('is sandbox-exec -p PROFILE, the program to be appended', () => {
    const [cmd, args] = seatbeltCommand(layout, { home: HOME });
    expect(cmd).toBe(SANDBOX_EXEC);
    expect(cmd).toBe('/usr/bin/sandbox-exec');
    expect(args).toEqual(['-p', profile]);
  });
});
