"""The 2,486 distinct non-blank hostile strings, vendored in tests/security/corpus/ (MIT; see its README)."""

import json
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


@cache
def hostile_strings() -> list[str]:
    lines = (CORPUS / "xss-payloads-payloadsallthethings.txt").read_text(encoding="utf-8").split("\n")
    naughty = json.loads((CORPUS / "blns.json").read_text(encoding="utf-8"))
    seen: dict[str, None] = {}
    for s in [*lines, *naughty]:
        if s.strip():
            seen.setdefault(s, None)
    return list(seen)


def chunks(size: int):
    items = hostile_strings()
    for start in range(0, len(items), size):
        yield items[start : start + size]
