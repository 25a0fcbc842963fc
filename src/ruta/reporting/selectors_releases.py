"""Reading releases: the analysts' list and drafts, the public observatory's published ones,
and a release's tables laid out for a page, a spreadsheet or SDMX-CSV (labels in the
reader's language, from the codes the release froze)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.core.tables import ReportTable
from ruta.reporting import policies, sdmx
from ruta.reporting.disclosure import TOTAL
from ruta.reporting.models import Release, ReleaseTable
from ruta.reporting.release_tables import OTHER, SECTIONS, SPECS, UNKNOWN

SUPPRESSED = "x"  # what a suppressed cell shows, with its note


def release_list(*, actor: Actor) -> QuerySet[Release]:
    require(policies.can_list_releases(actor))
    return policies.scope_releases(
        actor, Release.objects.select_related("prepared_by", "published_by", "prepared_for")
    )


def release_get(*, actor: Actor, release_id: UUID) -> Release:
    return get_object_or_404(release_list(actor=actor), pk=release_id)


def public_releases() -> QuerySet[Release]:
    return policies.scope_public_releases(Release.objects.all())


def latest_public_release() -> Release | None:
    """The release published last (None when nothing is published yet)."""
    return public_releases().order_by("-published_at").first()


def public_release_get(*, release_id: UUID) -> Release:
    """A published release (404 for any other id, a draft's included)."""
    return get_object_or_404(public_releases(), pk=release_id)


def _known(tables: QuerySet[ReleaseTable]) -> QuerySet[ReleaseTable]:
    """The tables this version of the code can lay out: a release frozen by a later version
    (a table added, then the deploy rolled back) shows the rest rather than failing."""
    return tables.filter(code__in=list(SPECS))


def public_table_get(*, release_id: UUID, code: str) -> tuple[Release, ReleaseTable]:
    release = public_release_get(release_id=release_id)
    return release, get_object_or_404(_known(release.tables.all()), code=code.upper())


@dataclass
class ShownCell:
    value: int | float | None
    conf: str  # F free, C primary, D secondary

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class ShownRow:
    code: str
    label: str
    cells: list[ShownCell]
    is_total: bool = False


@dataclass
class ShownTable:
    code: str
    title: str
    note: str
    dims: list[str]
    row_label: str
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[ShownRow]
    summary: dict
    rolled_up: list[str] = field(default_factory=list)  # labels of the rows published together
    safe: bool = True
    section: str = "victims"

    @property
    def personal(self) -> bool:
        """False for a count about no one, published as counted (no disclosure control)."""
        return bool(self.summary.get("personal", True))

    @property
    def suppressed(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.suppressed)

    @property
    def derived(self) -> bool:
        return bool(self.summary.get("derived"))

    @property
    def empty(self) -> bool:
        """Nothing recorded: the grand total is a published zero (no chart to draw)."""
        total = next((r for r in self.rows if r.is_total), None)
        return total is not None and total.cells[-1].value == 0

    def chart_rows(self) -> list[tuple[str, int | float]]:
        """(row label, row total) of the inner rows whose total is published."""
        return [
            (r.label, r.cells[-1].value)
            for r in self.rows
            if not r.is_total and r.cells[-1].value is not None
        ]


def show_table(table: ReleaseTable) -> ShownTable:
    spec = SPECS[table.code]
    row_labels = {
        UNKNOWN: _("Not recorded"),
        **dict(spec.rows.codes()),
        OTHER: _("Others (each too few to publish alone)"),
        TOTAL: _("Total"),
    }
    values = {tuple(key): (value, conf) for key, value, _obs, conf in table.cells}
    row_codes: list[str] = []
    for key, *_rest in table.cells:
        if key[0] not in row_codes and key[0] != TOTAL:
            row_codes.append(key[0])
    row_codes.append(TOTAL)
    if spec.columns is None:
        columns = [(TOTAL, str(spec.unit))]

        def cell_key(r: str, c: str) -> tuple[str, ...]:
            return (r,)
    else:
        used = {key[1] for key, *_rest in table.cells}
        listed = spec.columns.codes()
        if not any(c == UNKNOWN for c, _l in listed):  # counted as not recorded when met
            listed = [*listed, (UNKNOWN, _("Not recorded"))]
        columns = [(c, label) for c, label in listed if c in used]
        columns.append((TOTAL, str(_("Total"))))

        def cell_key(r: str, c: str) -> tuple[str, ...]:
            return (r, c)

    rows = []
    for r in row_codes:
        cells = [ShownCell(*values.get(cell_key(r, c), (0, "F"))) for c, _l in columns]
        rows.append(ShownRow(r, str(row_labels.get(r, r)), cells, is_total=r == TOTAL))
    rolled = [str(row_labels.get(c, c)) for c in table.summary.get("rolled_up", [])]
    note = str(spec.note)
    if table.summary.get("source"):
        note = f"{note} {_('Population: %(source)s.') % {'source': table.summary['source']}}"
    return ShownTable(
        code=table.code,
        title=str(spec.title),
        note=note,
        dims=list(table.dims),
        row_label=str(spec.rows.label),
        columns=[(c, str(label)) for c, label in columns],
        rows=rows,
        summary=table.summary,
        rolled_up=rolled,
        safe=table.safe,
        section=spec.section,
    )


_SECTION_ORDER = {code: i for i, (code, _label) in enumerate(SECTIONS)}


def release_tables(release: Release) -> list[ShownTable]:
    """The release's tables, section by section (in each, in the order they were frozen)."""
    shown = [show_table(t) for t in _known(release.tables.all())]
    return sorted(shown, key=lambda t: _SECTION_ORDER.get(t.section, len(SECTIONS)))


@dataclass
class Section:
    code: str
    title: str
    tables: list[ShownTable]


def release_sections(tables: list[ShownTable]) -> list[Section]:
    """The tables under their section's title, sections without a table left out."""
    return [
        Section(code, str(title), found)
        for code, title in SECTIONS
        if (found := [t for t in tables if t.section == code])
    ]


def report_tables(tables: list[ShownTable]) -> list[ReportTable]:
    """The release's tables for the spreadsheet: suppressed cells as ``x``."""
    out = []
    for t in tables:
        rows = [
            [r.label, *[SUPPRESSED if c.suppressed else c.value for c in r.cells]] for r in t.rows
        ]
        hint = t.note
        if t.rolled_up:
            hint = f"{hint} {_('Published together as others:')} {', '.join(t.rolled_up)}."
        out.append(
            ReportTable(
                t.code.lower(),
                t.title,
                [t.row_label, *[label for _c, label in t.columns]],
                rows,
                hint=f"{hint} {_('x: suppressed to protect the people counted.')}".strip(),
                chart=None,
            )
        )
    return out


def sdmx_csv(table: ReleaseTable) -> str:
    cells = [sdmx.Cell(tuple(key), value, obs, conf) for key, value, obs, conf in table.cells]
    return sdmx.to_csv(f"RUTA:{table.code}", tuple(table.dims), cells)


def plain_csv_rows(shown: ShownTable) -> list[list[str]]:
    """The table as a reader's CSV: labels, then values (``x`` when suppressed)."""
    head = [shown.row_label, *[label for _c, label in shown.columns]]
    body = [
        [r.label, *[SUPPRESSED if c.suppressed else str(c.value) for c in r.cells]]
        for r in shown.rows
    ]
    return [head, *body]


def grouped_departments(tables: list[ShownTable]) -> dict[str, str]:
    """The departments a release published only together with others (code -> name)."""
    found = next((t for t in tables if t.code == "VICTIMS_DEPARTMENT"), None)
    rolled = [
        c for c in (found.summary.get("rolled_up", []) if found else []) if c.startswith("HN-")
    ]
    if not rolled:
        return {}
    return dict(Department.objects.filter(code__in=rolled).values_list("code", "name"))


def department_rows(tables: list[ShownTable]) -> list[tuple[str, str, int | None]]:
    """(department code, label, published total) for the map; rolled-up departments carry
    None (they are in "others")."""
    found = next((t for t in tables if t.code == "VICTIMS_DEPARTMENT"), None)
    if found is None:
        return []
    return [
        (r.code, r.label, None if r.cells[-1].value is None else int(r.cells[-1].value))
        for r in found.rows
        if not r.is_total and r.code.startswith("HN-")
    ]
