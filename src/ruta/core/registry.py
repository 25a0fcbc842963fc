"""Extension points: the explicit places where one app plugs into another's pages or events
without the other importing it.

An app registers in its ``AppConfig.ready()``; the owning app only iterates. ``cases`` thus
shows the care and referrals cards and has the child-protection referral created without
importing either app, and a new pillar (prosecution, for example) adds its own card the same
way. Keys make registration idempotent (``ready()`` may run twice under some test runners)
and name the entry in errors.

- ``case_panels``: cards on the case page. Each is ``panel(actor, case) -> dict | None``; the
  dict carries the card's ``template`` and its context, ``None`` hides it (out of policy).
  Optional keys the case page reads (``ruta.cases.guide``), all of them only for what the
  actor may see, since a hidden card must leave no trace in the header:

  - ``section``: ``{"id": anchor, "label": text}``, the card's entry in the page's menu; the
    card's outer element carries ``id=anchor``.
  - ``counts``: ``[{"label": text, "value": int, "url": link}]``, numbers shown in the header,
    each a link to its list.
  - ``next_step``: ``{"code": str, "label": text, "url": link}`` or ``None``, what the card's
    work waits on and the actor may do (care: assess the needs, plan care); the page offers
    the first step the case lacks, its own (consent, screening...) before the cards'.
  - ``overdue``: ``True`` when something of the card is late (a referral unanswered in
    time): the header flags the case overdue.
  - ``summary_rows``: ``[(heading, text)]``, the card's part of the printed case summary.
  - ``task_links``: ``{task kind: (url, label)}``, where a task of that kind is done.
- ``child_case_hooks``: called inside the transaction that finds a case to be a child's (on
  opening, or when identification shows it), as ``hook(case=..., actor=...)``.
- ``closure_checks``: what a case still has open when someone asks to close it, as
  ``check(case, reason) -> list[ClosureItem]`` (referrals sent or accepted, services not
  delivered, the care plan, ...). An item the closure cannot carry (``blocking``) must be
  resolved first; any other is resolved or carried with a reason.
- ``case_closed_hooks``: called inside the transaction that closes a case, as
  ``hook(case=..., actor=..., carried={item key: reason})``: each app ends what it had open
  (a referral ends with an outcome and its grant, a service is cancelled).
- ``report_actions``: links on a report's page to work that starts from it in another app
  (``cases`` opens a case from an accepted report). Each is ``action(actor, report) -> dict |
  None``; the dict carries the link's ``url`` and ``label``, ``None`` hides it.
- ``report_panels``: cards on a report's page from another app (``prevention`` names the
  labour inspection that raised the report). Each is ``panel(actor, report) -> dict |
  None``; the dict carries the card's ``template`` and its context, ``None`` hides it.

The audit trail records every app's events and imports none of them (it sits just above
core). What it must know of a record or an institution, the owning app answers here:

- ``record_institutions``: keyed by a record type (``app_label.model``), ``fn(record) -> UUID |
  None``: the institution a record of a type without an ``institution_id`` belongs to (an
  institution is its own).
- ``account_institutions``: keyed by the record types about a person's account,
  ``fn(record) -> list[str]``: the institutions the person is an active member of (an event
  about the account concerns each of them).
- ``institution_directory``: one provider (``institutions``) of ``InstitutionDirectory``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from uuid import UUID

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ruta.core.actor import Actor

T = TypeVar("T")


@dataclass
class Registry(Generic[T]):
    name: str
    _entries: dict[str, tuple[int, T]] = field(default_factory=dict)

    def register(self, key: str, entry: T, *, order: int = 100) -> None:
        """Add ``entry`` under ``key``; entries run or show by ``order``, then key. Registering
        the same entry again is a no-op; another entry under a taken key is an error."""
        current = self._entries.get(key)
        if current is not None and current[1] is not entry:
            raise ValueError(f"{self.name}: {key!r} is already registered")
        self._entries[key] = (order, entry)

    def get(self, key: str) -> T | None:
        """The entry under ``key``, or None."""
        current = self._entries.get(key)
        return None if current is None else current[1]

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def keys(self) -> list[str]:
        return [key for key, _ in self._sorted()]

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _, entry in self._sorted()])

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def _sorted(self) -> list[tuple[str, T]]:
        ordered = sorted(self._entries.items(), key=lambda item: (item[1][0], item[0]))
        return [(key, entry) for key, (_, entry) in ordered]


CasePanel = Callable[[Any, Any], "dict[str, Any] | None"]
ChildCaseHook = Callable[..., None]

case_panels: Registry[CasePanel] = Registry("case_panels")
child_case_hooks: Registry[ChildCaseHook] = Registry("child_case_hooks")


@dataclass(frozen=True)
class ClosureItem:
    """One thing still open on a case asked to be closed. ``key`` is stable between the
    request and the decision (``"referral:<uuid>"``); ``label`` names it without personal
    data (a reference, a type, an institution); ``url`` is where it is resolved."""

    key: str
    kind: str
    label: str
    blocking: bool = False
    url: str = ""


ClosureCheck = Callable[[Any, str], "list[ClosureItem]"]
CaseClosedHook = Callable[..., None]
closure_checks: Registry[ClosureCheck] = Registry("closure_checks")
case_closed_hooks: Registry[CaseClosedHook] = Registry("case_closed_hooks")

ReportAction = Callable[[Any, Any], "dict[str, Any] | None"]
report_actions: Registry[ReportAction] = Registry("report_actions")
ReportPanel = Callable[[Any, Any], "dict[str, Any] | None"]
report_panels: Registry[ReportPanel] = Registry("report_panels")

RecordInstitution = Callable[[Any], "UUID | None"]
AccountInstitutions = Callable[[Any], "list[str]"]
record_institutions: Registry[RecordInstitution] = Registry("record_institutions")
account_institutions: Registry[AccountInstitutions] = Registry("account_institutions")


class InstitutionDirectory(Protocol):
    """What the audit trail asks of the institutions, answered by the ``institutions`` app."""

    def choices(self, actor: Actor) -> QuerySet[Any]:
        """The institutions the actor may name in a search, ordered by name."""
        ...

    def serving(self, department_ids: Iterable[str]) -> QuerySet[Any]:
        """The ids (``values("pk")``) of the institutions serving any of these departments."""
        ...

    def territories(self, institution_id: UUID) -> tuple[str, ...]:
        """The ids of the departments the institution serves, in order."""
        ...

    def short_names(self, institution_ids: Iterable[UUID]) -> dict[UUID, str]:
        """The short name (acronym, else name) of each of these institutions."""
        ...


institution_directory: Registry[InstitutionDirectory] = Registry("institution_directory")


def institutions() -> InstitutionDirectory:
    """The registered institution directory; an error when the ``institutions`` app is not
    installed."""
    directory = institution_directory.get("institutions")
    if directory is None:
        raise LookupError("institution_directory: the institutions app registered no directory")
    return directory
