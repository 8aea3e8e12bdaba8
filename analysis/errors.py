"""User-facing errors: raised for bad input, printed as one line by the CLI, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class FramingError(Exception):
    """A problem the user can fix (bad input, bad parameter); the message says what and where."""


class InputError(FramingError):
    """A problem with one input file, optionally at one line."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        # raised in a worker process, it crosses back pickled: rebuild it from its parts
        return (type(self), (self.path, self.problem, self.line))
