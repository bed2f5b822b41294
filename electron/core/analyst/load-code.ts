/**
 * Python for the first step (load + overview) and for reloading after the kernel lost its
 * state. Column names only ever reach the code through `pyStr`/`pyList` literals; the file is
 * loaded with the profile's own `readCsv` expression.
 */
import { conversionHelpers, datePlan, numberPlan } from '../data/convert';
import { isIsoDate } from '../data/dates';
import type { ColumnType, FileProfile } from '../../model/data/types';
import { pyList, pyStr } from './py';

/** What the analysis steps work on, decided from the overview (see plan.ts). */
export interface Roles {
  /** Numeric columns worth summing, the most relevant first. */
  measures: string[];
  /** Low-cardinality columns to group by, the most relevant first. */
  categories: string[];
  /** Columns converted to datetimes in the overview. */
  dates: string[];
  /** Text columns the overview converted to numbers (stray values became missing). */
  converted: string[];
  /** The time axis of the trend step: a date column, or a year column when there is no date. */
  trend: { column: string; kind: 'date' | 'year' } | null;
  /** Columns shown next to the largest and smallest rows. */
  labels: string[];
}

const STR_COLUMNS = `if not all(isinstance(c, str) for c in df.columns):
    df.columns = [str(c) for c in df.columns]`;

/** The profile's column names of some sniffed types (hints: pandas has the last word). */
export function profileHints(profile: FileProfile, types: ColumnType[]): string[] {
  return profile.columns.filter((c) => types.includes(c.type)).map((c) => c.name);
}

/** Step 1: load, shape, types, first rows, missing values, dates, column roles. */
export function overviewCode(profile: FileProfile): string {
  return `import re
import warnings
import numpy as np
import pandas as pd

df = ${profile.readCsv}
${STR_COLUMNS}

rows, cols = df.shape
print(f'Shape: {rows:,} rows x {cols} columns')
print('\\nColumn types:')
print(df.dtypes.to_string())
print('\\nFirst rows:')
with pd.option_context('display.width', 160, 'display.max_columns', 30, 'display.max_colwidth', 40):
    print(df.head())

missing = df.isna().sum()
missing_pct = (missing / max(rows, 1) * 100).round(1)
print('\\nMissing values:')
if missing.sum() == 0:
    print('none')
else:
    print(pd.DataFrame({'missing': missing, '%': missing_pct})[missing > 0].to_string())

# Columns the file profile decided: numbers written for people (currency, %, (1,234.00), other
# separators) and dates in a known order. Values that cannot be read become missing, and are counted.
${conversionHelpers()}

number_plan = ${numberPlan(profile, pyStr)}
date_plan = ${datePlan(profile, pyStr)}
preamble = ${pyList(profile.preamble ?? [])}
file_decimal = ${pyStr(profile.decimal)}
dayfirst = ${profile.dates?.some((d) => d.order === 'dmy') ? 'True' : 'False'}
reading, converted, dates = [], [], []
if preamble:
    reading.append(f"skipped {len(preamble)} title line{'s' if len(preamble) != 1 else ''} above the ${profile.header ? 'header' : 'data'}: " + ' | '.join(preamble))
for c, plan in number_plan.items():
    if c in df.columns and plan['by'] == 'read_csv' and pd.api.types.is_numeric_dtype(df[c]):
        reading.append(f"\`{c}\` read as numbers by read_csv ({plan['how']})")
    if c not in df.columns or plan['by'] != 'overview' or pd.api.types.is_numeric_dtype(df[c]):
        continue
    numbers, ok, bad = _pw_numbers(df[c], plan['decimal'])
    if ok < (ok + len(bad)) * 0.5:
        reading.append(f"\`{c}\` looks like numbers ({plan['how']}), but only {ok:,} of {ok + len(bad):,} values could be read: left as text")
        continue
    df[c] = numbers
    examples = sorted(set(str(v) for v in bad))[:3]
    reading.append(f"\`{c}\` converted from text ({plan['how']}): {ok:,} values, " + (f"{len(bad):,} could not be read (now missing, e.g. {examples})" if len(bad) else 'all read'))
    converted.append({'name': c, 'bad': len(bad), 'examples': examples, 'converted': ok, 'how': plan['how']})

# Other text columns that are really numbers (stray values become missing) or dates. A sample
# decides first, so a large file's text columns are only converted when they are numbers or dates.
numeric_hints = ${pyList(profileHints(profile, ['integer', 'float']))}
date_hints = ${pyList(profileHints(profile, ['date', 'datetime']))}
plain = []
for c in [c for c in df.columns if df[c].dtype == object or isinstance(df[c].dtype, pd.CategoricalDtype)]:
    if c in date_plan:  # the profile knows which way round these dates are written
        full = _pw_dates(df[c], date_plan[c]['formats'], date_plan[c]['dayfirst'])
        if full.notna().sum() >= df[c].notna().sum() * 0.5:
            df[c] = full
            dates.append(c)
        continue
    categorical = isinstance(df[c].dtype, pd.CategoricalDtype)
    distinct = pd.Series(df[c].cat.categories) if categorical else None
    sample = (distinct if categorical else df[c].dropna().head(2000)).astype(str).str.strip()
    if sample.empty:
        continue
    as_numbers = _pw_as_numbers(df[c], file_decimal, 0.5 if c in numeric_hints else 0.9)
    if as_numbers is not None:
        df[c], ok, bad, rich = as_numbers
        examples = sorted(set(str(v) for v in bad))[:3]
        if rich:
            how = 'currency, percent signs or separators'
            reading.append(f"\`{c}\` converted from text ({how}): {ok:,} values, " + (f"{len(bad):,} could not be read (now missing, e.g. {examples})" if len(bad) else 'all read'))
            converted.append({'name': c, 'bad': len(bad), 'examples': examples, 'converted': ok, 'how': how})
        else:
            plain.append({'name': c, 'bad': len(bad), 'examples': sorted(set(bad))[:3]})
            converted.append({**plain[-1], 'converted': ok, 'how': 'numbers'})
        continue
    if c not in date_hints and sample.head(200).str.contains(r'\\d').mean() < 0.9:
        continue  # month names and the like: not dates on their own
    iso = sample.head(200).str.fullmatch(r'\\d{4}-\\d{2}-\\d{2}').all()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            if pd.to_datetime(sample.head(200), errors='coerce', dayfirst=dayfirst).notna().mean() < 0.9:
                continue
            full = _pw_dates(df[c], ['%Y-%m-%d'] if iso else [], dayfirst)
    except (ValueError, TypeError, OverflowError):
        continue
    if pd.api.types.is_datetime64_any_dtype(full):
        df[c] = full
        dates.append(c)
dates += [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c]) and c not in dates]
dates = [c for c in df.columns if c in dates]  # the file's order (read_csv may have parsed some)
for c in dates:
    say = date_plan.get(c, {}).get('say')
    bad = int(df[c].isna().sum() - missing[c])
    if say:
        reading.append(say + (f'; {bad:,} value(s) could not be read as dates (now missing)' if bad else ''))
for item in plain:
    print(f"\\n{item['name']!r} holds numbers; {item['bad']} other value(s) such as {item['examples']} are treated as missing")
if reading:
    print('\\nReading the file:')
    for line in reading:
        print(f'- {line}')

# Roles: measures (numbers worth adding up), categories (2-30 distinct values), time columns.
ID_WORDS = {'id', 'uuid', 'guid', 'key', 'code', 'zip', 'zipcode', 'postcode', 'postal', 'phone', 'idx', 'index'}


def name_words(name):
    return set(re.split(r'[^a-z0-9]+', re.sub(r'([a-z0-9])([A-Z])', r'\\1_\\2', name).lower()))


measures, categories, years, ids, texts = [], [], [], [], []
unique = {}
for c in df.columns:
    s = df[c]
    if c in dates or len(c) > 200 or isinstance(s, pd.DataFrame):
        continue
    words = name_words(c)
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        unique[c] = s.nunique()
        (categories if 2 <= unique[c] <= 30 else texts).append(c)
    elif words & {'year', 'yr'}:
        unique[c] = s.nunique()
        years.append(c)
    elif words & ID_WORDS or c.lower().startswith('unnamed'):
        ids.append(c)
    elif pd.api.types.is_integer_dtype(s) and rows > 2 and s.max() - s.min() == rows - 1 and s.nunique() == rows:
        ids.append(c)  # a running number
    elif s.notna().any():
        measures.append(c)

date_info = []
for c in dates:
    plan = date_plan.get(c, {})
    date_info.append({
        'name': c, 'min': df[c].min(), 'max': df[c].max(), 'bad': int(df[c].isna().sum() - missing[c]),
        'order': plan.get('order'), 'ambiguous': plan.get('ambiguous', False), 'how': plan.get('say') or None,
    })
    print(f'\\nDates in {c!r}: {df[c].min()} to {df[c].max()}')
print('\\nMeasures:', measures or 'none')
print('Categories:', categories or 'none')
if years:
    print('Year columns:', years)
if ids:
    print('Identifiers (not summed):', ids)
# Checking every row for duplicates costs more than reading a large file: up to a million rows only.
duplicates = int(df.duplicated().sum()) if rows <= 1_000_000 else None
print(f'Duplicate rows: {duplicates:,}' if duplicates is not None else 'Duplicate rows: not checked (over a million rows)')

record_result('overview', {
    'rows': rows, 'cols': cols,
    'columns': [
        {'name': c, 'dtype': str(df[c].dtype), 'missing': missing[c], 'pct': missing_pct[c], 'unique': unique.get(c)}
        for c in df.columns
    ],
    'measures': measures, 'categories': categories, 'dates': date_info, 'years': years, 'ids': ids,
    'texts': texts, 'converted': converted, 'duplicates': duplicates,
    'reading': reading, 'preamble': preamble,
})`;
}

/** Reloads `df` exactly as the overview left it (types converted). */
export function reloadCode(profile: FileProfile, roles: Roles): string {
  const planned = new Set((profile.dates ?? []).filter((d) => !isIsoDate(d)).map((d) => d.column));
  const plannedDates = roles.dates.some((c) => planned.has(c));
  const lines = [
    '# The kernel lost its state (variables, loaded data): load the data again first.',
    'import warnings',
    'import pandas as pd',
    '',
    `df = ${profile.readCsv}`,
    STR_COLUMNS,
  ];
  if (roles.converted.length || plannedDates) {
    lines.push(
      '',
      conversionHelpers(),
      '',
      `number_plan = ${numberPlan(profile, pyStr)}`,
      `date_plan = ${datePlan(profile, pyStr)}`,
    );
  }
  if (roles.converted.length) {
    lines.push(
      `numeric_hints = ${pyList(profileHints(profile, ['integer', 'float']))}`,
      `for c in ${pyList(roles.converted)}:`,
      "    if number_plan.get(c, {}).get('by') == 'overview':",
      "        df[c] = _pw_numbers(df[c], number_plan[c]['decimal'])[0]",
      '    elif not pd.api.types.is_numeric_dtype(df[c]):',
      `        got = _pw_as_numbers(df[c], ${pyStr(profile.decimal)}, 0.5 if c in numeric_hints else 0.9)`,
      "        df[c] = got[0] if got is not None else pd.to_numeric(df[c].astype(str).str.strip(), errors='coerce')",
    );
  }
  if (roles.measures.length) {
    lines.push(`for c in ${pyList(roles.measures)}:`, "    df[c] = pd.to_numeric(df[c], errors='coerce')");
  }
  const dayfirst = profile.dates?.some((d) => d.order === 'dmy') ? ', dayfirst=True' : '';
  if (roles.dates.length) {
    lines.push(
      'with warnings.catch_warnings():',
      "    warnings.simplefilter('ignore')",
      `    for c in ${pyList(roles.dates, '    ')}:`,
    );
    if (plannedDates) {
      lines.push(
        '        if c in date_plan and not pd.api.types.is_datetime64_any_dtype(df[c]):',
        "            df[c] = _pw_dates(df[c], date_plan[c]['formats'], date_plan[c]['dayfirst'])",
        '        else:',
        `            df[c] = pd.to_datetime(df[c], errors='coerce'${dayfirst})`,
      );
    } else {
      lines.push(`        df[c] = pd.to_datetime(df[c], errors='coerce'${dayfirst})`);
    }
  }
  lines.push("print(f'Reloaded the data: {len(df):,} rows.')");
  return lines.join('\n');
}
