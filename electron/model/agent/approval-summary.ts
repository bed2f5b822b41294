/**
 * What a block of code touches, in plain words, for the approval view: the files it reads and
 * writes (by name), what it deletes, the programs it starts, whether it would reach for the
 * network (and whether the sandbox blocks that), and the limits it runs under. Read from the
 * code's text, conservatively (a file named at run time is said so, not guessed); pure, so the
 * renderer shows it as it is. A reading of the text is never complete: what it did not find is
 * said as "found in the code", and code it cannot read (exec, eval, __import__, getattr,
 * importlib, base64 …) is flagged, never summarised as doing nothing.
 */
import type { IsolationReport } from '../exec/isolation';
import type { ExecLanguage } from '../exec/types';

export interface ApprovalSummaryInput {
  code: string;
  language: ExecLanguage;
  /** What the isolation probe observed for the conversation's sandbox (null: not known yet). */
  isolation: IsolationReport | null;
  timeoutMs: number;
  memoryMb: number;
}

export interface SummaryLine {
  /** "Reads", "Writes", "Deletes", "Runs programs", "Network", "Limits". */
  label: string;
  text: string;
  /** `warn`: worth a second look before running. */
  tone: 'ok' | 'warn';
}

export interface ApprovalSummary {
  reads: string[];
  writes: string[];
  deletes: string[];
  /** What would reach the network: modules imported, URLs read. */
  network: string[];
  /** The probe verified that the sandbox has no network. */
  networkBlocked: boolean;
  /** Ways the code starts other programs (subprocess.run, os.system, shell commands). */
  programs: string[];
  /** Some file is named only at run time (a variable, an f-string): not listed by name. */
  unnamedFiles: boolean;
  /** Ways the code runs code built at run time, which this reading cannot follow (exec, __import__ …). */
  hidden: string[];
  /** A file written by its path outside the analysis's folder (absolute, `~`, `..`). */
  writesOutside: boolean;
  lines: SummaryLine[];
}

const NETWORK_MODULES = [
  'requests',
  'urllib',
  'urllib2',
  'urllib3',
  'http',
  'httpx',
  'aiohttp',
  'socket',
  'ssl',
  'ftplib',
  'smtplib',
  'poplib',
  'imaplib',
  'telnetlib',
  'websocket',
  'websockets',
  'paramiko',
  'boto3',
  'botocore',
  'pycurl',
  'xmlrpc',
];
const READERS =
  /\b(?:read_csv|read_table|read_excel|read_parquet|read_json|read_feather|read_pickle|read_orc|read_stata|read_sas|read_spss|read_hdf|read_fwf|read_xml|read_html|loadtxt|genfromtxt|ExcelFile|imread|(?:np|numpy)\.load)\s*\(/g;
const WRITERS =
  /\.(?:to_csv|to_excel|to_parquet|to_json|to_feather|to_pickle|to_html|to_markdown|to_latex|to_stata|to_hdf|to_xml|to_orc|savefig|save|savez|savetxt|write_image|write_html)\s*\(/g;
const NP_WRITERS = /\b(?:np|numpy)\.(?:save|savez|savez_compressed|savetxt)\s*\(/g;
const DELETERS = /\b(?:os\.(?:remove|unlink|rmdir|removedirs)|shutil\.rmtree)\s*\(/g;
/** Calls whose second argument is a file written: copies, moves and renames. */
const COPIERS =
  /\b(?:shutil\.(?:copy|copy2|copyfile|copytree|move)|os\.(?:rename|renames|replace|link|symlink))\s*\(/g;
/**
 * Code built or looked up at run time: what it does cannot be read from the text. (`df.eval(…)`
 * and `df.query(…)` are methods, not these.)
 */
const RISKY_OBJECTS =
  /^(?:os|sys|subprocess|shutil|socket|builtins|__builtins__|importlib|pty|ctypes|io|pathlib)\b/;
const HIDDEN =
  /(?<![\w.])(exec|eval|compile|__import__|getattr|setattr|globals|locals|vars|breakpoint)\s*\(|\b(importlib|__builtins__|__dict__|__subclasses__|__globals__|__code__|base64|codecs|marshal|pickle|ctypes|cffi|runpy|code\.interact)\b/g;
const PROGRAMS =
  /\b(subprocess\.(?:run|Popen|call|check_call|check_output|getoutput|getstatusoutput)|os\.(?:system|popen|exec\w*|spawn\w*|fork\w*|posix_spawn\w*)|pty\.spawn|asyncio\.create_subprocess_\w+)\s*\(/g;

/** Comments removed (a `#` outside quotes ends the line's code), the rest kept line for line. */
function stripComments(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      let quote: string | null = null;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quote) {
          if (ch === '\\') i++;
          else if (ch === quote) quote = null;
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** Plain string literal: `'a.csv'`, `r"b.csv"`; null for anything else (f-strings included). */
function literal(text: string): string | null {
  const m = /^\s*(?:[rRuU]|[bB][rR]?|[rR][bB])?(['"])((?:\\.|(?!\1).)*)\1\s*$/.exec(text);
  return m ? m[2]!.replace(/\\(.)/g, '$1') : null;
}

/** A literal, or `Path('literal')`: the file a value names, or null. */
function named(text: string): string | null {
  const call = /^\s*(?:\w+\.)*(?:Path|PurePath)\s*\(([\s\S]*)\)\s*$/.exec(text);
  return literal(call ? call[1]! : text);
}

/** `NAME = 'literal'` (or `Path('literal')`) assignments, to name files the code refers to by a variable. */
function constants(code: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of code.matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*([^\n]+)$/gm)) {
    const value = named(m[2]!);
    if (value !== null) out.set(m[1]!, value);
  }
  return out;
}

/** The call's arguments from just after its `(` to the matching `)`, split at top-level commas. */
function args(code: string, open: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open;
  for (let i = open; i < code.length; i++) {
    const ch = code[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) {
        out.push(code.slice(start, i));
        return out.map((a) => a.trim()).filter((a) => a !== '');
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      out.push(code.slice(start, i));
      start = i + 1;
    }
  }
  return out.map((a) => a.trim()).filter((a) => a !== '');
}

/** The receiver just before `.method(`: `Path('x')` or a variable, as text (null: anything else). */
function receiver(code: string, dot: number): string | null {
  const m = /(?:((?:\w+\.)*(?:Path|PurePath)\s*\([^()]*\))|(?<![\w.)\]])([A-Za-z_]\w*))\s*$/.exec(
    code.slice(0, dot),
  );
  if (!m) return null;
  if (m[2] && /^(?:os|io|gzip|bz2|lzma|zipfile|tarfile|codecs|builtins|self)$/.test(m[2])) return null;
  return m[1] ?? m[2]!;
}

const isUrl = (s: string) => /^(?:https?|ftp|s3|gs):\/\//i.test(s);
const baseName = (s: string) => s.replace(/\\/g, '/').replace(/\/+$/, '').split('/').pop() || s;
/** A path that may leave the analysis's folder: absolute, from home, or through `..`. */
const leaves = (s: string) => /^(?:[\\/~]|[A-Za-z]:)|(?:^|[\\/])\.\.(?:[\\/]|$)/.test(s);

export function approvalSummary(input: ApprovalSummaryInput): ApprovalSummary {
  const code = stripComments(input.code);
  const names = constants(code);
  const reads = new Set<string>();
  const writes = new Set<string>();
  const deletes = new Set<string>();
  const network = new Set<string>();
  const programs = new Set<string>();
  const hidden = new Set<string>();
  let writesOutside = false;
  /** The sets given a file named only at run time (a variable, an f-string). */
  const unnamed = new Set<Set<string>>();

  /** A path argument: named (a literal or a constant), a URL (network), or named at run time. */
  const path = (arg: string | undefined, into: Set<string>) => {
    if (arg === undefined) return;
    const bare = arg.replace(/^\w+\s*=\s*/, '').trim();
    const value = named(bare) ?? names.get(bare) ?? null;
    if (value === null) unnamed.add(into);
    else if (isUrl(value)) network.add(value.replace(/^(\w+:\/\/[^/]+).*$/, '$1'));
    else if (leaves(value)) {
      // said as written: `/home/me/.bashrc` is not "a file .bashrc in this analysis's folder"
      into.add(value);
      if (into === writes) writesOutside = true;
    } else into.add(baseName(value));
  };

  if (input.language === 'sh') programs.add('shell commands');
  for (const m of code.matchAll(/^\s*!\s*\S/gm)) if (m) programs.add('shell commands (!)');

  for (const m of code.matchAll(READERS)) path(args(code, m.index + m[0].length)[0], reads);
  for (const m of code.matchAll(WRITERS)) {
    const first = args(code, m.index + m[0].length)[0];
    // to_csv() / to_json() without a path return text: nothing is written
    if (first !== undefined && !/^\w+\s*=/.test(first)) path(first, writes);
    else if (first !== undefined && /^(?:path_or_buf|path|excel_writer|fname|file)\s*=/.test(first))
      path(first, writes);
  }
  for (const m of code.matchAll(NP_WRITERS)) path(args(code, m.index + m[0].length)[0], writes);
  for (const m of code.matchAll(DELETERS)) path(args(code, m.index + m[0].length)[0], deletes);
  for (const m of code.matchAll(COPIERS)) path(args(code, m.index + m[0].length)[1], writes);
  for (const m of code.matchAll(/\bos\.open\s*\(/g)) {
    const a = args(code, m.index + m[0].length);
    path(a[0], /O_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)/.test(a[1] ?? '') ? writes : reads);
  }
  for (const m of code.matchAll(HIDDEN)) {
    if (m[1] === 'getattr' || m[1] === 'setattr') {
      // `getattr(t.dt, 'tz', None)` reads like `t.dt.tz`; a computed name, or a module's, does not
      const [target, attr] = args(code, m.index + m[0].length);
      const name = attr === undefined ? null : literal(attr);
      if (name !== null && /^[A-Za-z]\w*$/.test(name) && !RISKY_OBJECTS.test(target ?? '')) continue;
    }
    hidden.add(m[1] ?? m[2]!);
  }
  for (const m of code.matchAll(/(?<![\w.])open\s*\(/g)) {
    const a = args(code, m.index + m[0].length);
    const modeArg = a.find((x) => /^mode\s*=/.test(x))?.replace(/^mode\s*=\s*/, '') ?? a[1];
    const mode = modeArg === undefined ? 'r' : (literal(modeArg) ?? 'r');
    path(a[0], /[wax+]/.test(mode) ? writes : reads);
  }
  for (const m of code.matchAll(/\.(read_text|read_bytes|write_text|write_bytes|unlink|open)\s*\(/g)) {
    const target = receiver(code, m.index);
    if (target === null) continue;
    // a variable that names no file (a zip archive, a file object) is not a path
    if (!/\(/.test(target) && !names.has(target)) continue;
    let into = m[1]!.startsWith('write') ? writes : m[1] === 'unlink' ? deletes : reads;
    if (m[1] === 'open') {
      const mode = literal(args(code, m.index + m[0].length)[0] ?? "'r'") ?? 'r';
      into = /[wax+]/.test(mode) ? writes : reads;
    }
    path(target, into);
  }

  for (const m of code.matchAll(PROGRAMS)) programs.add(m[1]!);
  for (const m of code.matchAll(/^\s*(?:import\s+([\w., ]+)|from\s+([\w.]+)\s+import)/gm)) {
    const modules = (m[1] ?? m[2] ?? '').split(',').map((x) => x.trim().split(/\s+/)[0]!);
    for (const mod of modules) {
      const top = mod.split('.')[0]!;
      if (NETWORK_MODULES.includes(top)) network.add(mod);
      if (top === 'subprocess' && programs.size === 0) programs.add('subprocess');
    }
  }
  // the calls above are found by their module's name: under another name they are not
  for (const m of code.matchAll(/^\s*import\s+[\w., ]*\b(os|shutil|subprocess|pty|pathlib)\s+as\s+(\w+)/gm))
    hidden.add(`${m[1]} as ${m[2]}`);
  for (const m of code.matchAll(/^\s*from\s+(os|shutil|pty)\s+import\s+([^\n]+)/gm)) {
    const names = m[2]!
      .replace(/[()\\]/g, ' ')
      .split(',')
      .map((x) => x.trim().split(/\s+/)[0]!);
    for (const name of names)
      if (
        name === '*' ||
        !/^(?:path|sep|linesep|environ|getcwd|listdir|scandir|walk|getenv|cpu_count)$/.test(name)
      )
        hidden.add(`from ${m[1]} import ${name}`);
  }
  for (const m of code.matchAll(/(?:__import__|import_module)\s*\(\s*(['"])([\w.]+)\1/g))
    if (NETWORK_MODULES.includes(m[2]!.split('.')[0]!)) network.add(m[2]!);

  const isolation = input.isolation;
  const networkBlocked = isolation?.checks.some((c) => c.name === 'network' && c.passed) === true;
  const list = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
  const summary: Omit<ApprovalSummary, 'lines'> = {
    reads: list(reads),
    writes: list(writes),
    deletes: list(deletes),
    network: list(network),
    networkBlocked,
    programs: list(programs),
    unnamedFiles: unnamed.size > 0,
    hidden: list(hidden),
    writesOutside,
  };
  const lines = describe(summary, input, { reads: unnamed.has(reads), writes: unnamed.has(writes) });
  return { ...summary, lines };
}

function join(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 120 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

function memory(mb: number): string {
  return mb >= 1024 ? `${Math.round((mb / 1024) * 10) / 10} GB` : `${mb} MB`;
}

/** The summary as the approval view says it. */
function describe(
  s: Omit<ApprovalSummary, 'lines'>,
  input: ApprovalSummaryInput,
  unnamed: { reads: boolean; writes: boolean },
): SummaryLine[] {
  const files = (names: string[], more: boolean, none: string) => {
    const all = more
      ? [...names, names.length ? 'a file named only when it runs' : 'a file named when it runs']
      : names;
    return all.length ? join(all) : none;
  };
  // only what the reading found is named; an absence is "not found", never "none"
  const where = s.writesOutside
    ? ' (some outside this analysis’s folder)'
    : unnamed.writes
      ? ''
      : ' (in this analysis’s folder)';
  const lines: SummaryLine[] = [
    { label: 'Reads', text: files(s.reads, unnamed.reads, 'no files found in the code'), tone: 'ok' },
    {
      label: 'Writes',
      text:
        s.writes.length || unnamed.writes
          ? `${files(s.writes, unnamed.writes, '')}${where}`
          : 'nothing found in the code',
      tone: s.writesOutside ? 'warn' : 'ok',
    },
  ];
  if (s.deletes.length) lines.push({ label: 'Deletes', text: join(s.deletes), tone: 'warn' });
  if (s.programs.length)
    lines.push({ label: 'Runs programs', text: `yes: ${join(s.programs)}`, tone: 'warn' });
  if (s.hidden.length)
    lines.push({
      label: 'Hidden code',
      text: `runs code this summary cannot read (${join(s.hidden)}): it may read, write, start programs or use the network beyond what is listed here`,
      tone: 'warn',
    });
  let net: SummaryLine;
  if (s.network.length && s.networkBlocked)
    net = { label: 'Network', text: `would try (${join(s.network)}): blocked by the sandbox`, tone: 'warn' };
  else if (s.network.length)
    net = {
      label: 'Network',
      text: `would try to reach the network (${join(s.network)}), and this sandbox does not block it`,
      tone: 'warn',
    };
  else if (s.networkBlocked) net = { label: 'Network', text: 'none: blocked by the sandbox', tone: 'ok' };
  else
    net = {
      label: 'Network',
      text: 'none found in the code (the sandbox does not block it)',
      tone: 'ok',
    };
  lines.push(net);
  lines.push({
    label: 'Limits',
    text: `stops after ${seconds(input.timeoutMs)}, at most ${memory(input.memoryMb)} of memory`,
    tone: 'ok',
  });
  return lines;
}
