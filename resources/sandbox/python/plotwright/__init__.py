"""Helpers importable by code that runs inside Plotwright's sandbox."""
from .chart import chart
from .result import result

__all__ = ["chart", "result"]
