"""A stand-in for the E-utilities server: answers Biopython's requests from the recorded fixtures.

Imported by the tests as ``eutils_server`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

import email.message
import io
import urllib.parse
from pathlib import Path

DATA = Path(__file__).parent / "data"


class RecordedEutils:
    """Answers Biopython's requests from fixture files; ``failures`` makes the next calls fail."""

    def __init__(self, esearch: str = "esearch_srp_children.xml"):
        self.esearch = esearch
        self.calls: list[tuple[str, dict]] = []
        self.failures: list[Exception] = []

    def __call__(self, request):
        url = request.full_url
        query = request.data.decode() if request.data else url.split("?", 1)[1]
        params = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        utility = url.split("/")[-1].split(".fcgi")[0]
        self.calls.append((utility, params))
        if self.failures:
            raise self.failures.pop(0)
        if utility == "esearch":
            body = (DATA / self.esearch).read_bytes()
        elif utility == "efetch":
            body = (DATA / f"efetch_batch{int(params['retstart']) // int(params['retmax']) + 1}.xml").read_bytes()
        else:  # pragma: no cover
            raise AssertionError(utility)
        response = io.BytesIO(body)
        response.headers = email.message.Message()
        response.headers["Content-Type"] = "text/xml; charset=UTF-8"
        response.url = url
        return response
