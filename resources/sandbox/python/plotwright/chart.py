"""`chart()`: emit an interactive chart spec for Plotwright to draw (recharts), out of band.

The spec is JSON: kind, title, x, series, data rows.  Large inputs are reduced
before they leave the sandbox: line/area charts with LTTB (keeps the visual
shape), scatter with an even stride, bar and pie charts keep the largest
categories and fold the rest into "Other".
"""
import datetime
import itertools
import json
import math
import os
import time

KINDS = ("line", "bar", "scatter", "pie", "area")
LIMITS = {"line": 1000, "area": 1000, "scatter": 2000, "bar": 50, "pie": 12}
_seq = itertools.count(1)


class ChartSpec(dict):
    """The emitted spec; shows as a one-line summary instead of the whole data (the kernel shows
    nothing for a chart() that ends a block: the chart itself is shown)."""

    def __repr__(self):
        return "Chart %r (%s, %d points)" % (self["title"], self["kind"], self["points"])


def chart(data, kind="line", x=None, y=None, title=None, x_label=None, y_label=None, max_points=None):
    """Emit a chart of `data` (DataFrame, Series, dict of columns or list of row dicts).

    x: the column on the horizontal axis (default: the index, or the first column);
    y: one column name or a list of them (default: every numeric column but x).
    Returns the spec that was emitted.
    """
    if kind not in KINDS:
        raise ValueError("chart kind must be one of %s, not %r" % (", ".join(KINDS), kind))
    limit = int(max_points or LIMITS[kind])
    data, x, source = _prereduce(data, x, y, kind, limit)
    columns, x = _columns(data, x)
    if x not in columns:
        raise ValueError("x column %r not found; columns are %s" % (x, list(columns)))
    keys = _series_keys(columns, x, y)
    if kind == "pie" and len(keys) != 1:
        raise ValueError("a pie chart takes exactly one y column, got %s" % keys)
    xs = [_jsonable(v) for v in columns[x]]
    ys = {k: [_number(v) for v in columns[k]] for k in keys}
    source = source or len(xs)
    if kind in ("bar", "pie"):
        xs, ys = _top_categories(xs, ys, keys, limit)
    elif kind == "scatter":
        idx = _stride(len(xs), limit)
        xs, ys = [xs[i] for i in idx], {k: [v[i] for i in idx] for k, v in ys.items()}
    else:
        idx = _lttb(xs, ys[keys[0]], limit)
        xs, ys = [xs[i] for i in idx], {k: [v[i] for i in idx] for k, v in ys.items()}
    rows = [dict([(str(x), xv)] + [(str(k), ys[k][i]) for k in keys]) for i, xv in enumerate(xs)]
    spec = ChartSpec({
        "version": 1,
        "kind": kind,
        "title": str(title) if title is not None else ", ".join(map(str, keys)) + " by " + str(x),
        "x": str(x),
        "series": [{"key": str(k), "label": str(k)} for k in keys],
        "data": rows,
        "xLabel": str(x_label) if x_label is not None else str(x),
        "yLabel": str(y_label) if y_label is not None else (str(keys[0]) if len(keys) == 1 else ""),
        "xType": _x_type(columns[x]),
        "points": len(rows),
        "sourcePoints": source,
    })
    _emit(spec)
    return spec


def _prereduce(data, x, y, kind, limit):
    """For a large DataFrame, pick the rows to draw with numpy before anything becomes a Python
    list: a chart of millions of rows then costs milliseconds. -> (data, x, rows before)"""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        return data, x, None
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    if not isinstance(data, pd.DataFrame) or len(data) <= max(limit, 3) * 2:
        return data, x, None
    frame = data
    if x is None or (x not in frame.columns and x == frame.index.name):
        frame = frame.reset_index()
        x = x or frame.columns[0]
    if x not in frame.columns:
        return data, x, None
    if y is None:
        keys = [c for c in frame.columns if c != x and pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    else:
        keys = [y] if isinstance(y, str) or not hasattr(y, "__iter__") else list(y)
    if not keys or any(k not in frame.columns for k in keys):
        return data, x, None  # the normal path reports the problem
    n = len(frame)
    first = pd.to_numeric(frame[keys[0]], errors="coerce").to_numpy(dtype=float)
    if kind in ("bar", "pie"):
        order = np.argsort(-np.nan_to_num(first, nan=-np.inf), kind="stable")
        keep = np.sort(order[: limit - 1])
        rest = frame.iloc[order[limit - 1:]]
        other = {k: pd.to_numeric(rest[k], errors="coerce").sum() for k in keys}
        other[x] = "Other"
        reduced = pd.concat([frame.iloc[keep][[x] + keys], pd.DataFrame([other])], ignore_index=True)
        return reduced, x, n
    if kind == "scatter":
        keep = np.unique(np.linspace(0, n - 1, limit).round().astype(np.int64))
    else:
        xs = frame[x]
        if pd.api.types.is_datetime64_any_dtype(xs):
            pos = xs.to_numpy().astype("datetime64[ns]").astype(np.int64).astype(float)
        elif pd.api.types.is_numeric_dtype(xs):
            pos = pd.to_numeric(xs, errors="coerce").to_numpy(dtype=float)
        else:
            pos = np.arange(n, dtype=float)
        keep = _lttb_np(np.nan_to_num(pos), np.nan_to_num(first), max(limit, 3))
    return frame.iloc[keep][[x] + keys].reset_index(drop=True), x, n


def _lttb_np(pos, val, limit):
    """Largest-Triangle-Three-Buckets over numpy arrays (one vectorised step per bucket)."""
    import numpy as np

    n = len(val)
    every = (n - 2) / float(limit - 2)
    chosen = np.empty(limit, dtype=np.int64)
    chosen[0], chosen[-1], a = 0, n - 1, 0
    for i in range(limit - 2):
        start, end = int(i * every) + 1, min(int((i + 1) * every) + 1, n - 1)
        nxt_start, nxt_end = end, min(int((i + 2) * every) + 1, n)
        if nxt_end > nxt_start:
            avg_x, avg_y = pos[nxt_start:nxt_end].mean(), val[nxt_start:nxt_end].mean()
        else:
            avg_x, avg_y = pos[n - 1], val[n - 1]
        area = np.abs((pos[a] - avg_x) * (val[start:end] - val[a]) - (pos[a] - pos[start:end]) * (avg_y - val[a]))
        a = start + int(np.argmax(area)) if end > start else start
        chosen[i + 1] = a
    return chosen


def _columns(data, x):
    """-> ({name: list of values}, x name)"""
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None and isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    if pd is not None and isinstance(data, pd.DataFrame):
        frame = data
        if x is None or (x not in frame.columns and x == frame.index.name):
            frame = frame.reset_index()
            x = x or frame.columns[0]
        return {c: frame[c].tolist() for c in frame.columns}, x
    if isinstance(data, dict):
        columns = {k: list(v) for k, v in data.items()}
    elif isinstance(data, (list, tuple)) and all(isinstance(r, dict) for r in data):
        names = list(dict.fromkeys(k for r in data for k in r))
        columns = {k: [r.get(k) for r in data] for k in names}
    else:
        raise TypeError("chart() takes a DataFrame, Series, dict of columns or list of row dicts")
    if not columns:
        raise ValueError("chart() got no data")
    return columns, x if x is not None else next(iter(columns))


def _series_keys(columns, x, y):
    if y is None:
        keys = [k for k, v in columns.items() if k != x and _is_numeric(v)]
    else:
        keys = [y] if isinstance(y, str) or not hasattr(y, "__iter__") else list(y)
    missing = [k for k in keys if k not in columns]
    if missing:
        raise ValueError("y column(s) %s not found; columns are %s" % (missing, list(columns)))
    if not keys:
        raise ValueError("no numeric column to plot: pass y=")
    return keys


def _is_numeric(values):
    """True when every present value is a number (NaN and infinities count as numbers, shown as gaps)."""
    seen = False
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool) or _is_datetime(v):
            return False
        try:
            float(v)
        except (TypeError, ValueError):
            return False
        seen = True
    return seen


def _is_datetime(v):
    return hasattr(v, "isoformat") or type(v).__name__ == "datetime64"


def _number(v):
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def _jsonable(v):
    if type(v).__name__ == "NaTType":
        return None
    if type(v).__name__ == "datetime64":  # numpy: through microseconds to a datetime (or None for NaT)
        v = v.astype("datetime64[us]").item()
        if v is None:
            return None
    if hasattr(v, "isoformat"):
        if isinstance(v, datetime.datetime) or type(v).__name__ == "Timestamp":
            if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
                return v.date().isoformat()
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except Exception:
            pass
    if isinstance(v, float):
        return _number(v)
    if v is None or isinstance(v, (int, str, bool)):
        return v
    return str(v)


def _x_type(values):
    sample = next((v for v in values if v is not None), None)
    if sample is not None and _is_datetime(sample):
        return "time"
    return "number" if _is_numeric(values) else "category"


def _stride(n, limit):
    """`limit` evenly spaced indices, first and last included."""
    if n <= limit:
        return list(range(n))
    if limit < 2:
        return [0][:limit]
    step = (n - 1) / float(limit - 1)
    return sorted({int(round(i * step)) for i in range(limit)})


def _lttb(xs, ys, limit):
    """Largest-Triangle-Three-Buckets: indices of `limit` points that keep the line's shape."""
    n = len(ys)
    limit = max(limit, 3)
    if n <= limit:
        return list(range(n))
    pos = [_position(v, i) for i, v in enumerate(xs)]
    val = [v if v is not None else 0.0 for v in ys]
    every = (n - 2) / float(limit - 2)
    chosen, a = [0], 0
    for i in range(limit - 2):
        start, end = int(i * every) + 1, int((i + 1) * every) + 1
        nxt_start, nxt_end = end, min(int((i + 2) * every) + 1, n)
        span = max(nxt_end - nxt_start, 1)
        avg_x = sum(pos[nxt_start:nxt_end]) / span if nxt_end > nxt_start else pos[n - 1]
        avg_y = sum(val[nxt_start:nxt_end]) / span if nxt_end > nxt_start else val[n - 1]
        best, best_area = start, -1.0
        ax, ay = pos[a], val[a]
        for j in range(start, min(end, n - 1)):
            area = abs((ax - avg_x) * (val[j] - ay) - (ax - pos[j]) * (avg_y - ay))
            if area > best_area:
                best, best_area = j, area
        chosen.append(best)
        a = best
    chosen.append(n - 1)
    return chosen


def _position(v, i):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return float(i)


def _top_categories(xs, ys, keys, limit):
    if len(xs) <= limit:
        return xs, ys
    first = ys[keys[0]]
    order = sorted(range(len(xs)), key=lambda i: -(first[i] or 0))
    keep, rest = sorted(order[: limit - 1]), order[limit - 1:]
    out_x = [xs[i] for i in keep] + ["Other"]
    out_y = {k: [v[i] for i in keep] + [sum(v[i] or 0 for i in rest)] for k, v in ys.items()}
    return out_x, out_y


def _emit(spec):
    """Writes the spec into the kernel's inbox (read after the block). Prints nothing in Plotwright."""
    folder = os.environ.get("PLOTWRIGHT_CHARTS_DIR")
    if not folder:
        print(repr(spec) + " [not shown: PLOTWRIGHT_CHARTS_DIR is not set outside Plotwright]")
        return
    os.makedirs(folder, exist_ok=True)
    name = "chart-%d-%d-%04d.json" % (time.time_ns(), os.getpid(), next(_seq))
    tmp = os.path.join(folder, "." + name)
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, allow_nan=False)
    os.replace(tmp, os.path.join(folder, name))
