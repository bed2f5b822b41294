"""The kernel's prelude: what the code's namespace holds before its first block, and how numbers print.

- `chart` and `record_result` (the plotwright helpers) are globals, so code never imports them
  (`from plotwright import chart` still works).
- When pandas is (or gets) imported, floats print as plain numbers with sensible precision
  (`212135200`, `12216.67`, `3932.8`, `0.474011`), in scientific notation only when the value needs it
  (`1.5e-10`, `1e+16`): pandas' own default prints `2.121352e+08` for a large mean.

Standard library only; runs in the sandbox (imported by the worker before any user code).
"""
import math
import sys

import pw_files


def helpers(notes):
    """The names the code's namespace starts with; a failed import is a note, not fatal."""
    try:
        from plotwright import chart, record_result
    except Exception as exc:  # the helper package is missing from PYTHONPATH: the block will say so
        notes.append("the plotwright helpers could not be loaded: %s" % exc)
        return {}
    return {"chart": chart, "record_result": record_result}


def plain_number(value):
    """A float for people: 6 significant digits, but never fewer than 2 decimals from 1 up (as
    `round(2)` left them) nor fewer digits than the integer part; no trailing zeros; scientific
    notation only below 0.0001 or from 10^15 up."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    size = abs(v)
    if size == 0:
        return "0"
    if size < 1 or size >= 1e15:
        return "%.6g" % v
    digits = int(math.log10(size)) + 1
    text = "%.*f" % (max(2, 6 - digits), v)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _format_pandas(pandas):
    try:
        pandas.set_option("display.float_format", plain_number)
    except Exception:  # an unexpected pandas: its own format stays
        pass


def install_number_format():
    """Sets pandas' display float format now, or right after pandas is first imported."""
    if "pandas" in sys.modules:
        _format_pandas(sys.modules["pandas"])
    else:
        sys.meta_path.insert(0, pw_files.AfterImport("pandas", _format_pandas))
