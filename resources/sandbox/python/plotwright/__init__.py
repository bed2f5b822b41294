"""Helpers importable by code that runs inside Plotwright's sandbox."""
from .chart import chart

__all__ = ["chart"]
