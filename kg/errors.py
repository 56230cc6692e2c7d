"""Errors kg reports to users: each has a code and a one-line message.

The CLI maps every ``KgError`` to ``Error: <message>`` and an exit code; the
message names what exists so the fix is obvious.
"""
from __future__ import annotations


class KgError(Exception):
    """Base class: ``code`` is a stable identifier, ``exit_code`` the CLI status."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class InputNotFound(KgError):
    code = "E001"
    exit_code = 2


class ArticleError(KgError):
    """An article that cannot be read; the build reports it and goes on."""

    code = "E002"


class ModelNotInstalled(KgError):
    code = "E003"
    exit_code = 3


class OutputMissing(KgError):
    code = "E004"
    exit_code = 2


class QueryError(KgError):
    code = "E005"
    exit_code = 2


class NothingToBuild(KgError):
    """No article could be read: existing outputs are left as they were."""

    code = "E006"
    exit_code = 4


class OutputNotWritable(KgError):
    code = "E007"
    exit_code = 2
