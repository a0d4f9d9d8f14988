"""Development settings: `make run` needs nothing but Python (SQLite under var/, jobs in-process)."""

from .base import *  # noqa: F403
