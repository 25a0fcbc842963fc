"""Extension points: the explicit places where one app plugs into another's pages or events
without the other importing it.

An app registers in its ``AppConfig.ready()``; the owning app only iterates. ``cases`` thus
shows the care and referrals cards and has the child-protection referral created without
importing either app, and a new pillar (prosecution, for example) adds its own card the same
way. Keys make registration idempotent (``ready()`` may run twice under some test runners)
and name the entry in errors.

- ``case_panels``: cards on the case page. Each is ``panel(actor, case) -> dict | None``; the
  dict carries the card's ``template`` and its context, ``None`` hides it (out of policy).
- ``child_case_hooks``: called inside the transaction that finds a case to be a child's (on
  opening, or when identification shows it), as ``hook(case=..., actor=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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
