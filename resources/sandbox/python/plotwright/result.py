"""`record_result()`: hand a step's figures to Plotwright out of band (never printed).

The built-in analyst reads them back. Each call writes one JSON file into the folder the kernel
reads after the block (PLOTWRIGHT_RESULTS_DIR, the same inbox as the chart specs); the kernel
returns them with the block's result, next to its output, never inside it. Values are made
JSON-safe (NaN and infinities become null, numpy and pandas scalars plain numbers, timestamps
ISO text) and the JSON is kept under 19 000 characters by shortening lists and strings.
"""
import itertools
import json
import math
import os
import time

MAX_CHARS = 19000
_seq = itertools.count(1)


def _clean(v, n, w):
    if isinstance(v, dict):
        return {str(k): _clean(x, n, w) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x, n, w) for x in list(v)[:n]]
    if isinstance(v, str):
        return v[:w]
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        if type(v).__name__ == "datetime64":
            v = pd.Timestamp(v)
        try:
            if pd.isna(v):
                return None
        except (TypeError, ValueError):
            pass
    if hasattr(v, "isoformat"):
        text = v.isoformat()
        return text[:-9] if text.endswith("T00:00:00") else text
    if hasattr(v, "item"):
        try:
            v = v.item()
        except (TypeError, ValueError):
            return str(v)[:w]
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return None
        return round(v, 2) if abs(v) >= 1 else float("%.4g" % v)
    if v is None or isinstance(v, (bool, int)):
        return v
    return str(v)[:w]


def encode(step, data):
    """`data` (a dict) for step `step` as compact JSON, shortened to fit MAX_CHARS."""
    if not isinstance(data, dict):
        raise TypeError("record_result(step, data) takes a dict as data, not %s" % type(data).__name__)
    for n, w in ((60, 200), (20, 60), (5, 30)):
        text = json.dumps(dict(_clean(data, n, w), step=str(step)), separators=(",", ":"), allow_nan=False)
        if len(text) < MAX_CHARS:
            return text
    return json.dumps({"step": str(step), "truncated": True})


def record_result(step, data):
    """Hand `data` (a dict) for step `step` to Plotwright, out of band. Prints nothing."""
    text = encode(step, data)
    folder = os.environ.get("PLOTWRIGHT_RESULTS_DIR") or os.environ.get("PLOTWRIGHT_CHARTS_DIR")
    if not folder:
        return None  # outside Plotwright: nobody to hand it to
    os.makedirs(folder, exist_ok=True)
    name = "result-%d-%d-%04d.json" % (time.time_ns(), os.getpid(), next(_seq))
    tmp = os.path.join(folder, "." + name)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(folder, name))
    return None


# The name older code imported (`from plotwright import result`): the same call, out of band now.
result = record_result
