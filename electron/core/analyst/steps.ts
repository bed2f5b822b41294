/**
 * Python for the first step (load + overview) and for reloading after the kernel lost its
 * state. Column names only ever reach the code through `pyStr`/`pyList` literals; the file is
 * loaded with the profile's own `readCsv` expression.
 */
import type { ColumnType, FileProfile } from '../data/types';
import { pyList } from './py';

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

/** Prints a step's figures as one `PLOTWRIGHT-RESULT {json}` line (the sandbox helper package). */
export const RESULT_HELPER = 'from plotwright import result as _pw_result';

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

${RESULT_HELPER}

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

# Text columns that are really numbers (stray values become missing) or dates. A sample decides
# first, so a large file's text columns are only converted when they are numbers or dates.
numeric_hints = ${pyList(profileHints(profile, ['integer', 'float']))}
date_hints = ${pyList(profileHints(profile, ['date', 'datetime']))}
converted, dates = [], []
for c in [c for c in df.columns if df[c].dtype == object or isinstance(df[c].dtype, pd.CategoricalDtype)]:
    categorical = isinstance(df[c].dtype, pd.CategoricalDtype)
    distinct = pd.Series(df[c].cat.categories) if categorical else None
    sample = (distinct if categorical else df[c].dropna().head(2000)).astype(str).str.strip()
    if sample.empty:
        continue
    if pd.to_numeric(sample, errors='coerce').notna().mean() >= (0.5 if c in numeric_hints else 0.9):
        values = df[c].dropna().astype(str).str.strip()
        numbers = pd.to_numeric(values, errors='coerce')
        bad = values[numbers.isna()]
        df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors='coerce')
        converted.append({'name': c, 'bad': len(bad), 'examples': sorted(set(bad))[:3]})
        continue
    if c not in date_hints and sample.head(200).str.contains(r'\\d').mean() < 0.9:
        continue  # month names and the like: not dates on their own
    iso = sample.head(200).str.fullmatch(r'\\d{4}-\\d{2}-\\d{2}').all()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            if pd.to_datetime(sample.head(200), errors='coerce').notna().mean() < 0.9:
                continue
            if categorical:  # convert each distinct value once, then look the rows up by code
                parsed = pd.to_datetime(distinct, errors='coerce', format='%Y-%m-%d' if iso else None).to_numpy()
                codes = df[c].cat.codes.to_numpy()
                values = parsed.take(np.where(codes >= 0, codes, 0))
                values[codes < 0] = np.datetime64('NaT')
                full = pd.Series(values, index=df.index, name=c)
            else:
                full = pd.to_datetime(df[c], errors='coerce', format='%Y-%m-%d' if iso else None)
    except (ValueError, TypeError, OverflowError):
        continue
    if pd.api.types.is_datetime64_any_dtype(full):
        df[c] = full
        dates.append(c)
dates += [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c]) and c not in dates]
for item in converted:
    print(f"\\n{item['name']!r} holds numbers; {item['bad']} other value(s) such as {item['examples']} are treated as missing")

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
    date_info.append({'name': c, 'min': df[c].min(), 'max': df[c].max(), 'bad': int(df[c].isna().sum() - missing[c])})
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

_pw_result('overview', {
    'rows': rows, 'cols': cols,
    'columns': [
        {'name': c, 'dtype': str(df[c].dtype), 'missing': missing[c], 'pct': missing_pct[c], 'unique': unique.get(c)}
        for c in df.columns
    ],
    'measures': measures, 'categories': categories, 'dates': date_info, 'years': years, 'ids': ids,
    'texts': texts, 'converted': converted, 'duplicates': duplicates,
})`;
}

/** Reloads `df` exactly as the overview left it (types converted), and redefines the helper. */
export function reloadCode(profile: FileProfile, roles: Roles): string {
  const lines = [
    '# The kernel lost its state (variables, loaded data): load the data again first.',
    'import warnings',
    'import pandas as pd',
    '',
    `df = ${profile.readCsv}`,
    STR_COLUMNS,
  ];
  if (roles.converted.length) {
    lines.push(
      `for c in ${pyList(roles.converted)}:`,
      "    df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors='coerce')",
    );
  }
  if (roles.measures.length) {
    lines.push(`for c in ${pyList(roles.measures)}:`, "    df[c] = pd.to_numeric(df[c], errors='coerce')");
  }
  if (roles.dates.length) {
    lines.push(
      'with warnings.catch_warnings():',
      "    warnings.simplefilter('ignore')",
      `    for c in ${pyList(roles.dates, '    ')}:`,
      "        df[c] = pd.to_datetime(df[c], errors='coerce')",
    );
  }
  lines.push("print(f'Reloaded the data: {len(df):,} rows.')", '', RESULT_HELPER);
  return lines.join('\n');
}
