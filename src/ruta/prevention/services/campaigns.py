"""Awareness campaigns: their details, the people reached per channel and their materials.

Materials are public awareness pieces (posters, leaflets, spots): they are kept like case
attachments, in ``RUTA_ATTACHMENT_DIR`` (a ``campaign-materials`` folder), encrypted all the
same (it costs nothing and the folder is shared with case files). What a file is comes from
its first bytes, never from what the browser says: a program renamed ``poster.pdf`` is
refused."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.crypto import fernet
from ruta.core.errors import check_version, require
from ruta.core.models import Department
from ruta.institutions.models import Institution
from ruta.prevention import policies
from ruta.prevention.choices import Audience, Channel
from ruta.prevention.models import Campaign, CampaignMaterial, CampaignReach
from ruta.prevention.services._common import bump, day, present, record, text

# What the details form changes.
CAMPAIGN_FIELDS = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "departments",
    "channels",
    "audiences",
    "partners",
)
SEX_FIELDS = ("female", "male")
AGE_FIELDS = ("age_0_17", "age_18_29", "age_30_59", "age_60_plus")
MAX_PEOPLE = 100_000_000

# extension -> (content type, test on the first bytes)
MATERIAL_TYPES = {
    "pdf": ("application/pdf", lambda b: b.startswith(b"%PDF-")),
    "png": ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "gif": ("image/gif", lambda b: b[:6] in (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", lambda b: b.startswith(b"RIFF") and b[8:12] == b"WEBP"),
    "mp4": ("video/mp4", lambda b: b[4:8] == b"ftyp"),
    "webm": ("video/webm", lambda b: b.startswith(b"\x1a\x45\xdf\xa3")),
}


def material_type(filename: str, head: bytes) -> str | None:
    """The content type when the name's extension and the first bytes agree, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    entry = MATERIAL_TYPES.get(extension)
    if entry is None or not entry[1](head):
        return None
    return entry[0]


def _material_path(storage_key: str) -> Path:
    folder = Path(settings.RUTA_ATTACHMENT_DIR) / "campaign-materials"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{storage_key}.bin"


def material_content(material: CampaignMaterial) -> bytes:
    return fernet().decrypt(_material_path(material.storage_key).read_bytes())


# --- validation ------------------------------------------------------------------------------
def _codes(errors: dict, field: str, values: Iterable[str] | None, allowed) -> list[str]:
    codes = list(dict.fromkeys(values or []))
    bad = [c for c in codes if c not in allowed]
    if bad:
        errors[field] = [_("Unknown code: %(code)s") % {"code": ", ".join(map(str, bad))}]
    return codes


def _validate(actor: Actor, values: dict, errors: dict, current: Campaign | None) -> dict:
    out: dict = {}
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=200)
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], required=False)
    starts_on = values.get("starts_on", current.starts_on if current else None)
    ends_on = values.get("ends_on", current.ends_on if current else None)
    if "starts_on" in values:
        # A campaign may be planned ahead: a date in the future is fine.
        day(errors, "starts_on", values["starts_on"], future=True)
        out["starts_on"] = values["starts_on"]
    if "ends_on" in values:
        out["ends_on"] = values["ends_on"]
    dates_sent = "starts_on" in values or "ends_on" in values
    if dates_sent and starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("A campaign cannot end before it starts.")]
    if "channels" in values:
        out["channels"] = _codes(errors, "channels", values["channels"], Channel.values)
    if "audiences" in values:
        out["audiences"] = _codes(errors, "audiences", values["audiences"], Audience.values)
    if "departments" in values:
        departments = list(dict.fromkeys(values["departments"] or []))
        if any(not isinstance(d, Department) for d in departments):
            errors["departments"] = [_("Unknown place code.")]
        out["departments"] = departments
    if "partners" in values:
        partners = list(dict.fromkeys(values["partners"] or []))
        if any(not isinstance(p, Institution) or not p.is_active for p in partners):
            errors["partners"] = [_("Unknown institution.")]
        elif any(p.pk == actor.institution_id for p in partners):
            errors["partners"] = [_("Your own institution organises the campaign.")]
        out["partners"] = partners
    return out


def _set_relations(campaign: Campaign, values: dict) -> None:
    if "departments" in values:
        campaign.departments.set(values["departments"])
    if "partners" in values:
        campaign.partners.set(values["partners"])


def _ids(items) -> list[str]:
    return sorted(str(i.pk) for i in items)


# --- campaigns ---------------------------------------------------------------------------------
@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    name: str,
    starts_on: date | None,
    description: str = "",
    ends_on: date | None = None,
    departments: Iterable[Department] = (),
    channels: Iterable[str] = (),
    audiences: Iterable[str] = (),
    partners: Iterable[Institution] = (),
) -> Campaign:
    """A campaign of the actor's institution (the organiser), with its partners."""
    require(policies.can_create_campaign(actor))
    errors: dict = {}
    values = _validate(
        actor,
        {
            "name": name,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "departments": departments,
            "channels": channels,
            "audiences": audiences,
            "partners": partners,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        institution_id=actor.institution_id,
        name=values["name"],
        description=values["description"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        channels=values["channels"],
        audiences=values["audiences"],
    )
    _set_relations(campaign, values)
    record(
        "campaign.created",
        actor,
        campaign,
        campaign.institution_id,
        data={
            "channels": values["channels"],
            "audiences": values["audiences"],
            "departments": _ids(values["departments"]),
            "partners": _ids(values["partners"]),
        },
    )
    return campaign


def _campaign_for_write(actor: Actor, campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(policies.can_edit_campaign(actor, campaign))
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: Actor, campaign: Campaign, version: int | None, **changes
) -> Campaign:
    """Change the details sent (the organiser only), naming the version read."""
    campaign = _campaign_for_write(actor, campaign)
    check_version(campaign, version)
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the campaign: {sorted(unknown)}")
    errors: dict = {}
    values = _validate(actor, changes, errors, campaign)
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    for name, value in values.items():
        if name in ("departments", "partners"):
            if _ids(getattr(campaign, name).all()) != _ids(value):
                changed.append(name)
        elif getattr(campaign, name) != value:
            changed.append(name)
            setattr(campaign, name, value)
    if not changed:
        return campaign
    _set_relations(campaign, {k: values[k] for k in changed if k in ("departments", "partners")})
    bump(campaign, [c for c in changed if c not in ("departments", "partners")])
    record("campaign.updated", actor, campaign, campaign.institution_id, changed_fields=changed)
    return campaign


@transaction.atomic
def reach_record(
    *,
    actor: Actor,
    campaign: Campaign,
    channel: str,
    people: int | None,
    female: int | None = None,
    male: int | None = None,
    age_0_17: int | None = None,
    age_18_29: int | None = None,
    age_30_59: int | None = None,
    age_60_plus: int | None = None,
) -> CampaignReach:
    """The people reached through one channel, replacing what was recorded for it. Each
    breakdown (by sex, by age band), when given, adds up to the channel's total."""
    campaign = _campaign_for_write(actor, campaign)
    counts = {
        "female": female,
        "male": male,
        "age_0_17": age_0_17,
        "age_18_29": age_18_29,
        "age_30_59": age_30_59,
        "age_60_plus": age_60_plus,
    }
    errors: dict = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown code: %(code)s") % {"code": channel}]
    if people is None:
        errors["people"] = [_("This field is required.")]
    elif not 0 <= people <= MAX_PEOPLE:
        errors["people"] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_PEOPLE}]
    for name, value in counts.items():
        if value is not None and not 0 <= value <= MAX_PEOPLE:
            errors[name] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_PEOPLE}]
    if not errors and people is not None:
        for fields, first, message in (
            (
                SEX_FIELDS,
                "female",
                _(
                    "Women and men add up to %(sum)s: that is not the %(total)s people "
                    "reached. Correct the breakdown by sex or leave it empty."
                ),
            ),
            (
                AGE_FIELDS,
                "age_0_17",
                _(
                    "The age bands add up to %(sum)s: that is not the %(total)s people "
                    "reached. Correct the breakdown by age or leave it empty."
                ),
            ),
        ):
            given = [n for f in fields if (n := counts[f]) is not None]
            if given and sum(given) != people:
                errors[first] = [message % {"sum": sum(given), "total": people}]
    if errors:
        raise ValidationError(errors)
    people = present(people)
    reach, created = CampaignReach.objects.update_or_create(
        campaign=campaign, channel=channel, defaults={"people": people, **counts}
    )
    record(
        "campaign.reach_recorded",
        actor,
        campaign,
        campaign.institution_id,
        data={
            "channel": channel,
            "people": people,
            "replaced": not created,
            "by_sex": any(counts[f] is not None for f in SEX_FIELDS),
            "by_age": any(counts[f] is not None for f in AGE_FIELDS),
        },
    )
    return reach


# --- materials ---------------------------------------------------------------------------------
@transaction.atomic
def material_add(
    *, actor: Actor, campaign: Campaign, title: str, filename: str, content: bytes
) -> CampaignMaterial:
    """Keep a PDF, an image or a video of the campaign. Its type is read from its first
    bytes; the size limit is the attachments' (``RUTA_ATTACHMENT_MAX_BYTES``)."""
    campaign = _campaign_for_write(actor, campaign)
    errors: dict = {}
    name = Path(filename or "").name.strip()[:200]
    title = text(errors, "title", title or name, required=True, limit=200)
    limit = settings.RUTA_ATTACHMENT_MAX_BYTES
    content_type = None
    if not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]
    else:
        content_type = material_type(name, content[:16])
        if content_type is None:
            errors["file"] = [
                _(
                    "Only PDF documents, PNG, JPEG, GIF or WebP images and MP4 or WebM videos "
                    "are accepted, and the file must really be what its name says."
                )
            ]
    if errors:
        raise ValidationError(errors)
    storage_key = secrets.token_hex(16)
    material = CampaignMaterial.objects.create(
        campaign=campaign,
        title=title,
        filename=name,
        content_type=content_type or "",
        size=len(content),
        storage_key=storage_key,
        uploaded_by=actor.user,
    )
    _material_path(storage_key).write_bytes(fernet().encrypt(content))
    record(
        "campaign.material_added",
        actor,
        campaign,
        campaign.institution_id,
        data={"material": str(material.pk), "type": content_type, "size": len(content)},
    )
    return material


@transaction.atomic
def material_remove(*, actor: Actor, material: CampaignMaterial) -> None:
    campaign = _campaign_for_write(actor, material.campaign)
    material = CampaignMaterial.objects.select_for_update().get(pk=material.pk)
    storage_key, material_id = material.storage_key, str(material.pk)
    material.delete()
    record(
        "campaign.material_removed",
        actor,
        campaign,
        campaign.institution_id,
        data={"material": material_id},
    )
    transaction.on_commit(lambda: _material_path(storage_key).unlink(missing_ok=True))
