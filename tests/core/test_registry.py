import pytest

from ruta.core.registry import Registry


def test_entries_come_in_order_then_key():
    registry: Registry = Registry("test")
    registry.register("b", "second", order=10)
    registry.register("a", "third", order=20)
    registry.register("c", "first", order=5)
    assert list(registry) == ["first", "second", "third"]
    assert registry.keys() == ["c", "b", "a"]


def test_registering_the_same_entry_twice_is_a_no_op():
    registry: Registry = Registry("test")
    entry = object()
    registry.register("k", entry)
    registry.register("k", entry)
    assert list(registry) == [entry]


def test_another_entry_under_a_taken_key_is_refused():
    registry: Registry = Registry("test")
    registry.register("k", object())
    with pytest.raises(ValueError, match="already registered"):
        registry.register("k", object())


def test_the_apps_register_the_case_cards_and_the_child_hook():
    from ruta.core.registry import case_panels, child_case_hooks

    assert "referrals" in case_panels
    assert "care" in case_panels
    assert "referrals.mandatory_child_protection" in child_case_hooks


def test_get_names_the_entry_under_a_key():
    registry: Registry = Registry("test")
    entry = object()
    registry.register("k", entry)
    assert registry.get("k") is entry
    assert registry.get("missing") is None


def test_the_apps_answer_what_the_audit_trail_and_the_report_page_ask():
    """audit and intake import no domain app: the owners register their answers."""
    from ruta.core import registry

    assert set(registry.account_institutions.keys()) == {
        "accounts.apitoken",
        "accounts.membership",
        "accounts.totpdevice",
        "accounts.user",
    }
    assert registry.record_institutions.keys() == ["institutions.institution"]
    assert registry.institution_directory.keys() == ["institutions"]
    assert "cases.open" in registry.report_actions


def test_without_the_institutions_app_the_audit_trail_has_no_directory(monkeypatch):
    from ruta.core import registry

    monkeypatch.setattr(registry, "institution_directory", Registry("institution_directory"))
    with pytest.raises(LookupError, match="institutions app"):
        registry.institutions()
