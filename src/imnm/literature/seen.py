"""Compact memory for deduplication: the identities seen as sorted numpy runs, the kept records on disk.

Deduplicating a large export must remember every paper kept, so what it keeps per paper is what grows
with the file. Here that is 4 bytes for a PMID (the number itself, exact) and 8 bytes for a DOI or a
title: a 32-bit fingerprint of the text beside a 32-bit ordinal of the record kept. The kept records'
identities (PMID, DOI, title, year) are written to a temporary file and read back by ordinal only when a
later record's fingerprint matches, to confirm the match on the full text and name the kept record.

Collision policy: a fingerprint match is never trusted on its own. Two different DOIs or titles share a
fingerprint with a chance of 2^-32 a pair; such a match costs one read from disk and is then rejected, so
deduplication is exact (the same result as comparing the strings themselves).

The arrays are sorted runs merged like a binary counter (a small log-structured merge tree): adding is a
sort of the new block's entries, a lookup is one ``searchsorted`` per run (about log2 of the number of
blocks), and merging grows the older run in place (no copy of everything at each doubling).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator

import numpy as np

ORDINAL_BITS = 32
_ORDINAL_MASK = (1 << ORDINAL_BITS) - 1
MAX_ORDINAL = _ORDINAL_MASK  # records kept that can be named: 4 294 967 295


def fingerprint(text: str) -> int:
    """32 bits of Python's own string hash (SipHash; seeded per process, which changes nothing here)."""
    return hash(text) & 0xFFFFFFFF


class SortedRuns:
    """A growing multiset of unsigned integers held as a few sorted numpy arrays (no per-item objects)."""

    def __init__(self, dtype: type[np.unsignedinteger]) -> None:
        self.dtype = np.dtype(dtype)
        self.runs: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(run.size for run in self.runs)

    @property
    def nbytes(self) -> int:
        return sum(run.nbytes for run in self.runs)

    def add(self, values: list[int] | np.ndarray) -> None:
        """Add a block of values; runs of similar size are merged so there are about log2(blocks) of them."""
        if not len(values):
            return
        self.runs.append(np.sort(np.asarray(values, dtype=self.dtype)))
        while len(self.runs) > 1 and self.runs[-2].size <= 2 * self.runs[-1].size:
            newer = self.runs.pop()
            older = self.runs[-1]
            size = older.size
            # grown in place (realloc: large arrays are remapped, not copied), then the two sorted halves
            # merged by timsort, which needs a buffer of the smaller one only
            older.resize(size + newer.size, refcheck=False)  # no view of a run is ever kept
            older[size:] = newer
            older.sort(kind="stable")

    def contains(self, values: list[int]) -> list[bool]:
        """For each value, whether it was added (exact)."""
        wanted = np.array(values, dtype=self.dtype)
        found = np.zeros(wanted.size, dtype=bool)
        for run in self.runs:
            at = np.minimum(run.searchsorted(wanted), run.size - 1)
            found |= run[at] == wanted
        return found.tolist()


class FingerprintIndex(SortedRuns):
    """Fingerprint -> ordinal, as ``fingerprint << 32 | ordinal`` in sorted runs of uint64."""

    def __init__(self) -> None:
        super().__init__(np.uint64)

    def file(self, fingerprints: list[int], ordinals: list[int]) -> None:
        """File each ordinal under its fingerprint."""
        self.add((np.array(fingerprints, dtype=np.uint64) << ORDINAL_BITS) | np.array(ordinals, dtype=np.uint64))

    def first(self, wanted: list[int]) -> tuple[list[int], list[bool]]:
        """For each fingerprint: the ordinal of one entry holding it (-1 if none), and whether there are more."""
        fingerprints = np.array(wanted, dtype=np.uint64)
        first = np.full(fingerprints.size, -1, dtype=np.int64)
        count = np.zeros(fingerprints.size, dtype=np.int64)
        low = fingerprints << ORDINAL_BITS
        for run in self.runs:
            last = run.size - 1
            index = run.searchsorted(low)
            at = np.minimum(index, last)
            value = run[at]
            hit = (index <= last) & ((value >> ORDINAL_BITS) == fingerprints)
            after = hit & (index < last) & ((run[np.minimum(at + 1, last)] >> ORDINAL_BITS) == fingerprints)
            new = hit & (first < 0)
            first[new] = (value[new] & _ORDINAL_MASK).astype(np.int64)
            count += hit
            count += after
        return first.tolist(), (count > 1).tolist()

    def ordinals(self, fp: int) -> Iterator[int]:
        """Every ordinal filed under one fingerprint (the rare case where the first one was not the match)."""
        low = np.uint64(fp << ORDINAL_BITS)
        for run in self.runs:
            i = int(run.searchsorted(low))
            while i < run.size and int(run[i]) >> ORDINAL_BITS == fp:
                yield int(run[i]) & _ORDINAL_MASK
                i += 1


class KeptRecords:
    """The identities of the records kept, on disk, read back by ordinal (only when a fingerprint matches).

    Two temporary files: the pickled identities one after another, and the end offset of each as 8 bytes
    (so nothing per record stays in memory). Written a block at a time.
    """

    def __init__(self) -> None:
        self._data: tempfile._TemporaryFileWrapper | None = None  # type: ignore[name-defined]
        self._ends = None
        self._size = 0
        self.count = 0

    def extend(self, identities: list[tuple]) -> None:
        if not identities:
            return
        if self.count + len(identities) > MAX_ORDINAL:
            raise OverflowError(f"more than {MAX_ORDINAL} distinct records to deduplicate")
        if self._data is None:
            self._data = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            self._ends = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        blobs = [pickle.dumps(identity, protocol=pickle.HIGHEST_PROTOCOL) for identity in identities]
        ends = np.cumsum([len(blob) for blob in blobs], dtype=np.uint64) + np.uint64(self._size)
        self._data.write(b"".join(blobs))
        self._ends.write(ends.astype("<u8").tobytes())
        self._data.flush()
        self._ends.flush()
        self._size = int(ends[-1])
        self.count += len(identities)

    def __getitem__(self, ordinal: int) -> tuple:
        if ordinal:
            offsets = os.pread(self._ends.fileno(), 16, (ordinal - 1) * 8)
            start, end = int.from_bytes(offsets[:8], "little"), int.from_bytes(offsets[8:], "little")
        else:
            start, end = 0, int.from_bytes(os.pread(self._ends.fileno(), 8, 0), "little")
        return pickle.loads(os.pread(self._data.fileno(), end - start, start))

    def close(self) -> None:
        for file in (self._data, self._ends):
            if file is not None:
                file.close()

    def __del__(self) -> None:
        self.close()
