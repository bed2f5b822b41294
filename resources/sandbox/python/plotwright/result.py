"""`result()`: one line of compact JSON with a step's figures, read back by the built-in analyst.

The printed line is `PLOTWRIGHT-RESULT {...}`; values are made JSON-safe (NaN and infinities
become null, numpy and pandas scalars plain numbers, timestamps ISO text) and the line is kept
under 19 000 characters by shortening lists and strings.
"""
import json
import math

MARKER = "PLOTWRIGHT-RESULT "


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


def result(step, data):
    """Print `data` (a dict) for step `step` as one PLOTWRIGHT-RESULT line."""
    for n, w in ((60, 200), (20, 60), (5, 30)):
        line = json.dumps(dict(_clean(data, n, w), step=step), separators=(",", ":"), allow_nan=False)
        if len(line) < 19000:
            break
    else:
        line = json.dumps({"step": step, "truncated": True})
    print(MARKER + line)
