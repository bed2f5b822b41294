/**
 * The Python helpers every answer block defines: number formatting (`_pw_fmt`, mirrored by
 * `fmtLikeCode`), group keys as text, naive datetimes, and text folded up to case and spaces
 * (`_pw_fold`, mirrored by `foldKey`) for conditions and groups, so that "North", "north" and
 * "North " are one value everywhere: in a condition, a group, a count of distinct values.
 */
/** Text folded up to case and spaces (`_pw_fold`) and group keys built on it (`_pw_groups`), also used by the overview's totals. */
export const FOLD_HELPERS = `def _pw_f1(v):
    return ' '.join(v.split()).lower() if isinstance(v, str) else v


def _pw_fold(s):
    # Text compared up to case and spaces: 'North', 'north' and 'North ' are one value. Each
    # distinct value is folded once (factorize), not each row: millions of rows cost one pass.
    codes, uniques = pd.factorize(s.astype(object), sort=False)
    folded = np.array([_pw_f1(u) for u in uniques] + [np.nan], dtype=object)
    return pd.Series(folded[codes], index=s.index)


def _pw_groups(s):
    # Group keys: text values that differ only in case or spaces are one group, named by their
    # most common spelling; also: that name -> the other spellings.
    if not (s.dtype == object or pd.api.types.is_string_dtype(s) or isinstance(s.dtype, pd.CategoricalDtype)):
        return s, {}
    codes, uniques = pd.factorize(s.astype(object), sort=False)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    seen = {}
    for v, n in zip(uniques, counts):
        seen.setdefault(_pw_f1(v), []).append((v, int(n)))
    # The most common spelling; on a tie, one without odd spaces, with capitals, seen first.
    rank = lambda p: (-p[1], str(p[0]) != ' '.join(str(p[0]).split()), str(p[0]) == str(p[0]).lower())
    name = {k: min(vs, key=rank)[0] for k, vs in seen.items()}
    also = {name[k]: [v for v, _ in vs if v != name[k]] for k, vs in seen.items() if len(vs) > 1}
    # as a categorical: grouping by its codes is fast on millions of rows
    order = list(dict.fromkeys(name[_pw_f1(v)] for v in uniques))
    at = {n: i for i, n in enumerate(order)}
    remap = np.array([at[name[_pw_f1(v)]] for v in uniques] + [-1], dtype=np.int64)
    return pd.Series(pd.Categorical.from_codes(remap[codes], categories=order), index=s.index), also
`;

export const ANSWER_HELPERS = `def _pw_fmt(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return 'n/a'
    if not np.isfinite(v):
        return 'n/a'
    if v == int(v) and abs(v) < 1e15:
        return f'{int(v):,}'
    a = abs(v)
    d = 2 if a >= 10 else 3 if a >= 1 else min(8, 3 - int(np.floor(np.log10(a))))
    return f'{v:,.{d}f}'.rstrip('0').rstrip('.')


def _pw_key(k):
    if isinstance(k, float) and k.is_integer():
        return str(int(k))
    return str(k)


def _pw_naive(s):
    t = pd.to_datetime(s, errors='coerce')
    if getattr(t.dt, 'tz', None) is not None:
        t = t.dt.tz_localize(None)
    return t


${FOLD_HELPERS}

def _pw_spellings(also, keys):
    return [[_pw_key(k), [str(v) for v in also[k][:4]], len(also[k])] for k in list(keys)[:50] if k in also]`;
