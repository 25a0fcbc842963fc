"""Recording and correcting persons. Search keys are set in the same write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.people import matching, policies
from ruta.people.choices import DocumentType, Gender, PopulationGroup, Sex
from ruta.people.models import NameVariant, Person, PersonDocument

IDENTITY_FIELDS = (
    "given_names",
    "first_surname",
    "second_surname",
    "aliases",
    "sex",
    "gender",
    "date_of_birth",
    "estimated_age",
    "nationalities",
    "languages",
    "population_groups",
    "population_group_consent",
    "contact",
    "has_disability",
    "disability_notes",
)


@dataclass(frozen=True)
class DocumentInput:
    type: str
    number: str
    issuing_country: str = ""


def _validate(values: dict, documents: list[DocumentInput] | None) -> None:
    errors: dict[str, list[str]] = {}
    if not values.get("given_names", "").strip():
        errors["given_names"] = [_("Enter the given names, or an alias if they are unknown.")]
    dob = values.get("date_of_birth")
    if dob and dob > timezone.localdate():
        errors["date_of_birth"] = [_("The date of birth cannot be in the future.")]
    if dob and dob < date(1900, 1, 1):
        errors["date_of_birth"] = [_("Check the date of birth.")]
    age = values.get("estimated_age")
    if age is not None and not 0 <= age <= 120:
        errors["estimated_age"] = [_("An age must be between 0 and 120.")]
    if values.get("sex", Sex.UNKNOWN) not in Sex.values:
        errors["sex"] = [_("Unknown code: %(code)s") % {"code": values["sex"]}]
    if values.get("gender", Gender.NOT_SPECIFIED) not in Gender.values:
        errors["gender"] = [_("Unknown code: %(code)s") % {"code": values["gender"]}]
    bad = [c for c in values.get("nationalities", []) if not pycountry.countries.get(alpha_3=c)]
    if bad:
        errors["nationalities"] = [_("Unknown country code: %(code)s") % {"code": ", ".join(bad)}]
    bad = [c for c in values.get("languages", []) if not pycountry.languages.get(alpha_3=c)]
    if bad:
        errors["languages"] = [_("Unknown language code: %(code)s") % {"code": ", ".join(bad)}]
    groups = values.get("population_groups", [])
    bad = [g for g in groups if g not in PopulationGroup.values]
    if bad:
        errors["population_groups"] = [_("Unknown code: %(code)s") % {"code": ", ".join(bad)}]
    elif groups and not values.get("population_group_consent"):
        errors["population_groups"] = [
            _("A population group is recorded only when the person agrees to it.")
        ]
    for doc in documents or []:
        if doc.type not in DocumentType.values or not matching.normalise_document(doc.number):
            errors["documents"] = [_("Each document needs a known type and a number.")]
        elif doc.issuing_country and not pycountry.countries.get(alpha_3=doc.issuing_country):
            errors["documents"] = [
                _("Unknown country code: %(code)s") % {"code": doc.issuing_country}
            ]
    if errors:
        raise ValidationError(errors)


NAME_FIELDS = ("given_names", "first_surname", "second_surname", "aliases")
BIRTH_FIELDS = ("date_of_birth", "estimated_age", "age_estimated_on")
KEY_FIELDS = (
    "search_text",
    "key_given",
    "key_given2",
    "key_surname1",
    "key_surname2",
    "key_alias",
    "key_birth_year",
)


def set_search_keys(person: Person) -> None:
    """Fill the person's search keys from its names and birth (the caller saves)."""
    names = (person.given_names, person.first_surname, person.second_surname, person.aliases)
    keys = matching.person_keys(*names)
    person.search_text = matching.search_text(*names)
    person.key_given, person.key_given2 = keys.given, keys.given2
    person.key_surname1 = keys.surname1
    person.key_surname2, person.key_alias = keys.surname2, keys.alias
    # An estimated age is read with the birth unknown: it is too rough for the index (the
    # search checks it against what is known, record by record).
    person.key_birth_year = person.date_of_birth.year if person.date_of_birth else 0


def remember_names(words: set[str]) -> None:
    """Add name words nobody bore before to the vocabulary (``matching.vocabulary_rows``). A
    word is one of its own variants, so one lookup tells which words are new."""
    words = {w for w in words if w}
    known = set(NameVariant.objects.filter(variant__in=words).values_list("variant", "key"))
    new = sorted(w for w in words if (w, matching.phonetic(w)) not in known)
    rows = sorted({row for w in new for row in matching.vocabulary_rows(w)})
    NameVariant.objects.bulk_create(
        [NameVariant(variant=v, key=k) for v, k in rows],
        ignore_conflicts=True,  # another transaction may add the same word meanwhile
    )


def _save_documents(person: Person, documents: list[DocumentInput]) -> None:
    PersonDocument.objects.bulk_create(
        [
            PersonDocument(
                person=person,
                type=d.type,
                number=d.number.strip(),
                number_normalised=matching.normalise_document(d.number),
                issuing_country=d.issuing_country,
            )
            for d in documents
        ]
    )


def _clean_values(values: dict) -> dict:
    out = dict(values)
    for name in ("given_names", "first_surname", "second_surname", "aliases"):
        if name in out:
            out[name] = " ".join((out[name] or "").split())
    if out.get("date_of_birth"):
        out["estimated_age"] = None
    return out


@transaction.atomic
def person_create(
    *, actor: Actor, documents: list[DocumentInput] | None = None, **values
) -> Person:
    require(policies.can_create_person(actor))
    values = _clean_values({k: v for k, v in values.items() if k in IDENTITY_FIELDS})
    _validate(values, documents)
    person = Person(institution_id=actor.institution_id, created_by=actor.user, **values)
    if person.estimated_age is not None:
        person.age_estimated_on = timezone.localdate()
    set_search_keys(person)
    person.full_clean()
    person.save(force_insert=True)
    _save_documents(person, documents or [])
    remember_names(matching.key_words(*(getattr(person, f) for f in NAME_FIELDS)))
    audit.record(
        action="people.person.created",
        actor=actor,
        target=person,
        changed_fields=sorted(k for k, v in values.items() if v not in ("", None, [], False)),
        data={"documents": len(documents or [])},
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, version: int | None, **changes) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    require(policies.can_edit_person(actor, person))
    check_version(person, version)
    changes = _clean_values({k: v for k, v in changes.items() if k in IDENTITY_FIELDS})
    merged = {name: getattr(person, name) for name in IDENTITY_FIELDS} | changes
    _validate(merged, None)
    changed = [k for k, v in changes.items() if getattr(person, k) != v]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, changes[name])
    if "estimated_age" in changed and person.estimated_age is not None:
        person.age_estimated_on = timezone.localdate()
        changed.append("age_estimated_on")
    set_search_keys(person)
    person.full_clean()
    person.version += 1
    person.save(update_fields=[*changed, *KEY_FIELDS, "version", "updated_at"])
    if set(NAME_FIELDS) & set(changed):
        remember_names(matching.key_words(*(getattr(person, f) for f in NAME_FIELDS)))
    audit.record(action="people.person.updated", actor=actor, target=person, changed_fields=changed)
    return person
