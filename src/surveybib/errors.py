"""The one exception the library raises for unusable input."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be used at all: the message names the file and the line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.message}"
