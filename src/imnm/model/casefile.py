"""Reading a case file (``imnm case add``): one JSON object, or a JSON list read one record at a time.

A multi-centre import can hold 100 000 patients, so a list is never read whole: it is cut into
records as the file is read (the standard library's C scanner says where each record ends), and each
record is validated and handed on before the next is read; memory stays flat whatever the file size.
Whatever that scanner refuses, or reads differently from pydantic's parser (lone surrogates), is
parsed again by pydantic's parser -- the one every other command uses -- so a broken file gets the
same one-line message as elsewhere (nesting, number size, ...), placed at its line and column.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import ValidationError

from imnm.model.case import Case
from imnm.model.errors import InvalidInput, explain

CHUNK_BYTES = 1 << 20
#: A syntax error is believed once this much of the file after it has been read (until then the record
#: may simply be cut by the end of a chunk); no record of the case schema comes near this size.
LOOKAHEAD_CHARS = 1 << 20
#: Invalid records whose problems are listed; the others are counted.
RECORDS_LISTED = 10

_DECODER = json.JSONDecoder()
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_LONE_SURROGATE_RISK = re.compile(r"\\u[dD][89a-fA-F]")
_PLACE = re.compile(r" at line (\d+) column (\d+)$")


class _Buffer:
    """The part of the file being read, with the line and column where it starts (for messages)."""

    def __init__(self, raw, chunk: int, file: CaseFile):
        self.raw, self.chunk, self.file = raw, chunk, file
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text, self.pos, self.eof = "", 0, False
        self.line, self.col = 1, 1

    def more(self) -> bool:
        """Forget what was read before ``pos`` and append the next chunk; False at the end of the file."""
        if self.eof:
            return False
        gone = self.text[: self.pos]
        newlines = gone.count("\n")
        if newlines:
            self.line, self.col = self.line + newlines, len(gone) - gone.rfind("\n")
        else:
            self.col += len(gone)
        data = self.raw.read(self.chunk)
        self.file.bytes_read += len(data)
        self.eof = not data
        self.text = self.text[self.pos:] + self.decoder.decode(data, final=self.eof)
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file); ``pos`` moves to it."""
        while True:
            found = _NOT_SPACE.search(self.text, self.pos)
            if found:
                self.pos = found.start()
                return self.text[self.pos]
            self.pos = len(self.text)
            if not self.more():
                return ""

    def place(self, index: int) -> tuple[int, int]:
        """Line and column (from 1) in the file of ``text[index]``."""
        before = self.text[:index]
        newlines = before.count("\n")
        if newlines:
            return self.line + newlines, index - before.rfind("\n")
        return self.line, self.col + index


class CaseFile:
    """A case file on disk; ``records()`` yields (index in the list or None, parsed JSON value)."""

    def __init__(self, path: str | Path, *, chunk_bytes: int = CHUNK_BYTES):
        self.path = Path(path)
        self.chunk = chunk_bytes
        self.size = self.path.stat().st_size
        self.bytes_read = 0
        with self.path.open("rb") as raw:
            head = raw.read(4096)
            while head and not head.strip():
                head = raw.read(4096)
        self.is_list = head.lstrip().startswith(b"[")

    def _error(self, message: str) -> InvalidInput:
        return InvalidInput([f"not valid JSON: {message}"], str(self.path))

    def records(self) -> Iterator[tuple[int | None, Any]]:
        if not self.is_list:
            text = self.path.read_text(encoding="utf-8")
            self.bytes_read = self.size
            try:  # pydantic's parser, as assess and add-visit use: bounded nesting and number size
                value = pydantic_core.from_json(text)
            except ValueError as exc:
                raise self._error(str(exc)) from None
            yield None, value
            return
        with self.path.open("rb") as raw:
            buf = _Buffer(raw, self.chunk, self)
            buf.peek()
            buf.pos += 1  # the list's "["
            if buf.peek() == "]":
                buf.pos += 1
                return self._end(buf)
            index = 0
            while True:
                if buf.peek() == "":
                    raise self._at(buf, "EOF while parsing a list", buf.pos)
                yield index, self._record(buf, index)
                after = buf.peek()
                if after == "]":
                    buf.pos += 1
                    return self._end(buf)
                if after != ",":
                    raise self._at(buf, "EOF while parsing a list" if after == "" else
                                   f"expected ',' or ']' after record [{index}]", buf.pos)
                buf.pos += 1
                index += 1

    def _record(self, buf: _Buffer, index: int) -> Any:
        """Parse the record at ``buf.pos`` and move past it, reading more of the file as needed."""
        while True:
            start = buf.pos
            try:
                value, end = _DECODER.raw_decode(buf.text, start)
            except json.JSONDecodeError as exc:
                if len(buf.text) - exc.pos < LOOKAHEAD_CHARS and buf.more():
                    continue  # probably the record runs on in the next chunk
                raise self._syntax(buf, start, index, exc.msg, exc.pos) from None
            except (RecursionError, ValueError) as exc:  # nesting or number beyond the scanner's limits
                raise self._syntax(buf, start, index, str(exc), start) from None
            if end == len(buf.text) and buf.more():
                continue  # a bare number may go on in the next chunk
            if _LONE_SURROGATE_RISK.search(buf.text, start, end):
                try:
                    value = pydantic_core.from_json(buf.text[start:end])
                except ValueError as exc:
                    raise self._syntax(buf, start, index, str(exc), start) from None
            buf.pos = end
            return value

    def _syntax(self, buf: _Buffer, start: int, index: int, fallback: str, at: int) -> InvalidInput:
        """The message pydantic's parser gives for this record, placed in the file."""
        try:
            pydantic_core.from_json(buf.text[start:])
        except ValueError as exc:
            message = str(exc)
            place = _PLACE.search(message)
            if place and not message.startswith("trailing characters"):
                line, col = int(place[1]), int(place[2])
                first_line, first_col = buf.place(start)
                return self._error(f"{message[: place.start()]} at line {first_line + line - 1} column "
                                   f"{first_col + col - 1 if line == 1 else col}")
        return self._at(buf, f"{fallback[:200]} in record [{index}]", at)

    def _at(self, buf: _Buffer, message: str, index: int) -> InvalidInput:
        line, col = buf.place(index)
        return self._error(f"{message} at line {line} column {col}")

    def _end(self, buf: _Buffer) -> None:
        if buf.peek() != "":
            raise self._at(buf, "trailing characters", buf.pos)


def iter_cases(file: CaseFile) -> Iterator[Case]:
    """Validated cases in file order, up to the first invalid record; then every record is still
    checked, and one :class:`InvalidInput` names the first ``RECORDS_LISTED`` invalid ones."""
    problems: list[str] = []
    invalid = 0
    for index, record in file.records():
        try:
            case = Case.model_validate(record)
        except ValidationError as exc:
            invalid += 1
            if invalid <= RECORDS_LISTED:
                prefix = "" if index is None else f"[{index}]."
                problems.extend(prefix + line for line in explain(exc))
            continue
        if not invalid:
            yield case
    if invalid > RECORDS_LISTED:
        problems.append(f"... and {invalid - RECORDS_LISTED} more invalid records")
    if problems:
        raise InvalidInput(problems, str(file.path))
