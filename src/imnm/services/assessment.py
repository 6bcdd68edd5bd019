"""Bedside assessment of one child: validate the case, run the pure assessment, give it back.

A case sent for assessment is not stored, so nothing is audited here; assessing a stored case
reads it through :func:`imnm.services.cases.get_case`, which is.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Literal

from imnm.clinical.assessment import Assessment
from imnm.clinical.assessment import assess as run
from imnm.model import Case, InvalidInput

BsaMethod = Literal["mosteller", "haycock", "dubois", "gehan_george"]
BSA_METHODS: tuple[str, ...] = ("mosteller", "haycock", "dubois", "gehan_george")


def assess(case: Case, bsa_method: str = "mosteller") -> Assessment:
    """Labs x ULN, BSA, doses, scores, criteria, antibodies, work-up; bad input as one clear error."""
    if bsa_method not in BSA_METHODS:
        raise InvalidInput([f"bsa_method: got {bsa_method!r}; expected {', '.join(BSA_METHODS)}"])
    try:
        return run(case, bsa_method=bsa_method)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InvalidInput([str(exc)]) from exc


def assess_json(case: Case, bsa_method: str = "mosteller") -> str:
    """The assessment as the JSON the CLI prints (``imnm assess -f json``) and the API returns."""
    from imnm.clinical.render import to_json

    return to_json(assess(case, bsa_method))


def assessment_document(case: Case, bsa_method: str = "mosteller") -> bytes:
    """The assessment as the API returns it: the CLI's JSON content, compact (indenting 36 KB with the
    standard library took longer than assessing).

    The assessment is a pure function of the case and the cited reference data, which are fixed while
    the process runs, so a case submitted again (a page reloaded, a form resent) reuses the document of
    the last ``MEMO_SIZE`` distinct (case, BSA method) pairs. A new case is assessed as given: it was
    validated on the way in, and reading its JSON back would validate it a second time.
    """
    if bsa_method not in BSA_METHODS:
        raise InvalidInput([f"bsa_method: got {bsa_method!r}; expected {', '.join(BSA_METHODS)}"])
    key = (case.model_dump_json(), bsa_method)
    with _memo_lock:
        document = _memo.get(key)
        if document is not None:
            _memo.move_to_end(key)
            return document
    document = assess(case, bsa_method).model_dump_json().encode()
    with _memo_lock:
        _memo[key] = document
        if len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return document


MEMO_SIZE = 256  # a document is ~25 KB: at most ~6 MB per worker
_memo: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_memo_lock = threading.Lock()  # stored cases are assessed in the thread pool, posted ones on the event loop


def forget_assessments() -> None:
    """Empty the memo (tests; a changed reference file is only read by a new process anyway)."""
    with _memo_lock:
        _memo.clear()
