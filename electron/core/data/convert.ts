/**
 * The Python that finishes reading what read_csv cannot: numbers written as text (currency,
 * percent, accounting negatives, other separators) and dates in a decided order. The number
 * rules are `parseNumber`'s (numbers.ts) with the same regular expressions, passed as literals;
 * each distinct value is parsed once. Works with pandas 1.5 and 2.x.
 */
import { pyStr } from './columns';
import { isIsoDate } from './dates';
import { NUMBER_PATTERNS } from './numbers';
import type { DateColumn, FileProfile } from '../../model/data/types';

/**
 * Python: `_pw_numbers(series, decimal)` (the profile's number columns), `_pw_as_numbers(series,
 * decimal, threshold)` (any text column: to_numeric, else the same reader) and
 * `_pw_dates(series, formats, dayfirst)`.
 */
export function conversionHelpers(): string {
  const p = NUMBER_PATTERNS;
  return `import re as _pw_re
import warnings as _pw_warnings
import numpy as _pw_np
import pandas as _pw_pd

_PW_PREFIX = _pw_re.compile(${pyStr(p.prefix)})
_PW_SUFFIX = _pw_re.compile(${pyStr(p.suffix)})
_PW_CORE = _pw_re.compile(${pyStr(p.core)})
_PW_TRIM = _pw_re.compile(${pyStr(p.trim)})
_PW_PD2 = int(_pw_pd.__version__.split('.')[0]) >= 2


def _pw_groups(whole, sep):
    parts = whole.split(sep)
    if len(parts) == 1:
        return True
    if 1 <= len(parts[0]) <= 3 and all(len(x) == 3 for x in parts[1:]):
        return True
    return 1 <= len(parts[0]) <= 2 and len(parts[-1]) == 3 and all(len(x) == 2 for x in parts[1:-1])


def _pw_number(raw, decimal):
    """One value written for people (currency, %, (1,234.00), 12.500,00) as a float, or None."""
    s = _PW_TRIM.sub('', raw)
    if not s:
        return None
    neg, signs, percent, currency, accounting = False, 0, False, None, False
    for _ in range(8):
        if not s:
            break
        if not accounting and len(s) > 2 and s[0] == '(' and s[-1] == ')':
            accounting, neg, signs = True, True, signs + 1
            s = _PW_TRIM.sub('', s[1:-1])
            continue
        m = _PW_PREFIX.search(s)
        if m:
            if m.group(1) is not None:
                if currency is not None:
                    return None
                currency = m.group(1)
            else:
                signs += 1
                neg = m.group(2) is not None
            s = s[m.end():]
            continue
        m = _PW_SUFFIX.search(s)
        if not m or m.end() != len(s):
            break
        if m.group(1) is not None:
            if currency is not None:
                return None
            currency = m.group(1)
        elif m.group(2) is not None:
            if percent:
                return None
            percent = True
        else:
            signs += 1
            neg = True
        s = s[:m.start()]
    if signs > 1 or not _PW_CORE.fullmatch(s):
        return None
    seps = [c for c in s if not '0' <= c <= '9']
    kinds = list(dict.fromkeys(seps))
    whole, frac, thousands = s, '', None
    if len(kinds) > 2:
        return None
    if len(kinds) == 2:
        last = seps[-1]
        if last not in ('.', ',') or seps.index(last) != len(seps) - 1:
            return None
        at = s.rindex(last)
        whole, frac = s[:at], s[at + 1:]
        thousands = kinds[0] if kinds[1] == last else kinds[1]
    elif len(kinds) == 1:
        c = kinds[0]
        at = s.index(c)
        before, after = s[:at], s[at + 1:]
        if c in ('.', ',') and len(seps) == 1:
            ambiguous = len(after) == 3 and 1 <= len(before) <= 3 and before != '0'
            if not ambiguous or c == decimal:
                whole, frac = before, after
            else:
                thousands = c
        else:
            thousands = c
    if thousands is not None:
        if not _pw_groups(whole, thousands):
            return None
        whole = whole.replace(thousands, '')
    return float(('-' if neg else '') + (whole or '0') + ('.' + frac if frac else ''))


def _pw_numbers(s, decimal):
    """A column of numbers written as text -> (float Series, values converted, values that could not be)."""
    values = s.astype(object)
    present = values.notna()
    table = {}
    for v in _pw_pd.unique(values[present]):
        if isinstance(v, (int, float, _pw_np.integer, _pw_np.floating)) and not isinstance(v, bool):
            table[v] = float(v)
        else:
            table[v] = _pw_number(str(v), decimal)
    out = _pw_pd.to_numeric(values[present].map(table), errors='coerce').reindex(s.index)
    bad = values[present & out.isna()]
    return out.astype('float64'), int(present.sum() - len(bad)), bad


def _pw_as_numbers(s, decimal, threshold):
    """Text that holds numbers -> (floats, converted, unreadable values, rich) or None: pandas'
    to_numeric when it reads enough of a sample, else the reader of numbers written for people."""
    categorical = isinstance(s.dtype, _pw_pd.CategoricalDtype)
    sample = (_pw_pd.Series(s.cat.categories) if categorical else s.dropna().head(2000)).astype(str).str.strip()
    if sample.empty:
        return None
    if _pw_pd.to_numeric(sample, errors='coerce').notna().mean() >= threshold:
        values = s.dropna().astype(str).str.strip()
        bad = values[_pw_pd.to_numeric(values, errors='coerce').isna()]
        return _pw_pd.to_numeric(s.astype(str).str.strip(), errors='coerce'), len(values) - len(bad), bad, False
    if sample.head(200).map(lambda v: _pw_number(v, decimal)).notna().mean() >= 0.9:
        return (*_pw_numbers(s, decimal), True)
    return None


def _pw_parse_dates(text, dayfirst):
    """pandas' own parser (pandas 2: the first value's format, then any format for the rest)."""
    try:
        got = _pw_pd.to_datetime(text, errors='coerce', dayfirst=dayfirst)
        if _PW_PD2 and got.isna().any():
            rest = _pw_pd.to_datetime(text[got.isna()], errors='coerce', dayfirst=dayfirst, format='mixed')
            if rest.notna().any() and _pw_pd.api.types.is_dtype_equal(rest.dtype, got.dtype):
                got = got.where(got.notna(), rest)
    except (ValueError, TypeError, OverflowError):
        return None
    return got if _pw_pd.api.types.is_datetime64_any_dtype(got) else None


def _pw_dates(s, formats, dayfirst):
    """Dates in a known order: each format in turn, then pandas' own parser for the rest."""
    if isinstance(s.dtype, _pw_pd.CategoricalDtype):
        parsed = _pw_dates(_pw_pd.Series(s.cat.categories.astype(str)), formats, dayfirst).to_numpy()
        codes = s.cat.codes.to_numpy()
        values = parsed.take(_pw_np.where(codes >= 0, codes, 0))
        values[codes < 0] = _pw_np.datetime64('NaT')
        return _pw_pd.Series(values, index=s.index, name=s.name)
    out = None
    rest = s[s.notna()]
    with _pw_warnings.catch_warnings():
        _pw_warnings.simplefilter('ignore')
        for strip in (False, True):  # as written first; surrounding spaces removed for the rest
            if strip and not rest.empty:
                rest = rest.astype(str).str.strip()
            for f in formats:
                if rest.empty:
                    break
                got = _pw_pd.to_datetime(rest, format=f, errors='coerce')
                ok = got.notna()
                out = got[ok] if out is None else _pw_pd.concat([out, got[ok]])
                rest = rest[~ok]
        if not rest.empty:
            got = _pw_parse_dates(rest, dayfirst)
            if got is not None and not _pw_pd.api.types.is_datetime64_dtype(got):  # time zones
                if out is None or out.empty:
                    return got.reindex(s.index).rename(s.name)
                got = got.dt.tz_convert(None)
            if got is not None:
                got = got[got.notna()]
                out = got if out is None else _pw_pd.concat([out, got])
    if out is None:
        return _pw_pd.Series(_pw_pd.NaT, index=s.index, dtype='datetime64[ns]', name=s.name)
    return out.reindex(s.index).rename(s.name)`;
}

/** A Python string literal maker that is safe in a Markdown fence (the analyst's `pyStr`). */
export type Literal = (s: string) => string;

/**
 * A Python dict literal: column → who reads it (`read_csv` or `overview`), its decimal mark and
 * what was removed, for the profile's number columns.
 */
export function numberPlan(profile: Pick<FileProfile, 'numbers'>, lit: Literal): string {
  const items = (profile.numbers ?? []).map(
    (n) => `${lit(n.column)}: {'by': ${lit(n.readBy)}, 'decimal': ${lit(n.decimal)}, 'how': ${lit(n.how)}}`,
  );
  return `{${items.join(', ')}}`;
}

/** What the overview says about a date column (nothing for ISO dates). */
export function dateSentence(d: DateColumn): string {
  if (isIsoDate(d)) return '';
  return d.ambiguous
    ? `dates in \`${d.column}\` are ambiguous (${d.evidence}): read as ${d.words}`
    : `dates in \`${d.column}\` read as ${d.words} (${d.evidence})`;
}

/** A Python dict literal: column → formats, day first or not, and what to say, for the profile's date columns. */
export function datePlan(profile: Pick<FileProfile, 'dates'>, lit: Literal): string {
  const py = (b: boolean) => (b ? 'True' : 'False');
  const items = (profile.dates ?? []).map(
    (d) =>
      `${lit(d.column)}: {'formats': [${d.formats.map(lit).join(', ')}], 'dayfirst': ${py(d.order === 'dmy')}, ` +
      `'order': ${lit(d.order)}, 'ambiguous': ${py(d.ambiguous)}, 'say': ${lit(dateSentence(d))}}`,
  );
  return `{${items.join(', ')}}`;
}
