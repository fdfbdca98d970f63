# SPDX-License-Identifier: EUPL-1.2
"""Errors of the domain that callers turn into answers (HTTP problems, form messages, CLI lines)."""

from __future__ import annotations


class DomainError(Exception):
    """A write that cannot be done; the message says why, for the person who asked."""


class NotPermitted(DomainError):
    """The principal may not do this (for this organisation)."""

    def __init__(self, message: str, *, signed_in: bool) -> None:
        super().__init__(message)
        self.signed_in = signed_in


class Invalid(DomainError):
    """Input that does not fit; `errors` maps each field to what is wrong with it, and
    `existing` is the path of an entry that already has what one of them names."""

    def __init__(self, errors: dict[str, str], *, existing: str | None = None) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in errors.items()))
        self.errors = errors
        self.existing = existing


class Duplicate(DomainError):
    """The thing exists already; `existing` is the path of the entry that has it."""

    def __init__(self, message: str, *, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


class Conflict(DomainError):
    """The write was based on a state that has changed, or is not allowed in the current one."""


class NotFound(DomainError):
    """No such row."""
