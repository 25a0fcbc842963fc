"""What a page's HTML gives a screen reader: unique ids, a label for every control."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        if tag in CONTROLS and (a.get("type") or "").lower() not in UNLABELLED_TYPES:
            self.controls.append({**a, "_tag": tag, "_wrapped": "1" if self.label_depth else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.label_depth:
            self.label_depth -= 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(html)
    return sorted(i for i, n in Counter(parser.ids).items() if n > 1)


def unlabelled_controls(html: str) -> list[str]:
    """Each form control with no label: no label[for] naming it, no label around it, no
    aria-label or aria-labelledby."""
    parser = _Controls()
    parser.feed(html)
    missing = []
    for c in parser.controls:
        labelled = (
            c["_wrapped"]
            or c.get("aria-label")
            or c.get("aria-labelledby")
            or (c.get("id") and c["id"] in parser.label_for)
        )
        if not labelled:
            missing.append(f"<{c['_tag']} name={c.get('name')!r} id={c.get('id')!r}>")
    return missing
