"""Helpers importable by code that runs inside Plotwright's sandbox (the kernel's prelude also
makes `chart` and `record_result` globals of the code's namespace)."""
from .chart import chart
from .result import record_result, result

__all__ = ["chart", "record_result", "result"]
