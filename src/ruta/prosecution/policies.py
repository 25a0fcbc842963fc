"""Who sees and works on criminal files. Rules live here only; services and views ask these.

A file belongs to the prosecutors' unit or the police investigation unit that owns it, and is
reached inside the role's record scope like a case ('own' is the files in my charge, 'unit'
my unit's, 'territory' those placed where I serve). Nothing of a file reaches another
institution: a shelter, a case worker or an analyst sees no file. The commission's analysts
see the funnel's counts and never a record.

A survivor's protection case reaches a file only through the legal grant its owner gave the
prosecutors (an accepted legal referral); the victim's identity is read from the case while
that grant lasts, and never the case's health or psychosocial sections (the grant does not
name them). The owner of the case sees that the survivor takes part in a proceeding and its
stage, nothing of the file."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from ruta.cases import policies as case_policies
from ruta.cases.models import AccessGrant, Case
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType, RecordScope, Sensitivity
from ruta.core.scoping import in_territory, reaches_records, territory_q
from ruta.prosecution.choices import MeasureStatus, MeasureType
from ruta.prosecution.models import CriminalFile, FileVictim, Hearing, Operation

# The institutions that own criminal files and police operations.
FILE_OWNERS = (InstitutionType.PROSECUTION, InstitutionType.POLICE)


def _owner_institution(actor: Actor) -> bool:
    return actor.institution.type in FILE_OWNERS


def scope_files(actor: Actor, qs: QuerySet[CriminalFile] | None = None) -> QuerySet[CriminalFile]:
    """Files of the actor's institution, narrowed by the role's record scope."""
    qs = CriminalFile.objects.all() if qs is None else qs
    if not actor.can("prosecution.view"):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            return qs.filter(
                territory_q(actor, department="department", municipality="municipality")
            )
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(unit_id=actor.unit_id)
        case RecordScope.OWN:
            return qs.filter(assigned_to_id=actor.user_id)
    return qs.none()  # aggregate, unknown, or unit without a unit


def can_list_files(actor: Actor) -> bool:
    """The file list and the operations list (the navigation's entry)."""
    if actor.can("prosecution.view") and reaches_records(actor):
        return True
    return False


def file_in_scope(actor: Actor, file: CriminalFile) -> bool:
    """The in-memory twin of ``scope_files``."""
    if not actor.can("prosecution.view", file.institution_id):
        return False
    match actor.scope:
        case RecordScope.INSTITUTION:
            return True
        case RecordScope.TERRITORY:
            return in_territory(
                actor,
                department_id=file.department_id,
                municipality=file.municipality if file.municipality_id else None,
            )
        case RecordScope.UNIT if actor.unit_id:
            return file.unit_id == actor.unit_id
        case RecordScope.OWN:
            return file.assigned_to_id == actor.user_id
    return False


def can_create_file(actor: Actor) -> bool:
    """Prosecutors' units and police investigation units open files."""
    if actor.can("prosecution.edit") and reaches_records(actor) and _owner_institution(actor):
        return True
    return False


def can_edit_file(actor: Actor, file: CriminalFile) -> bool:
    if actor.can("prosecution.edit", file.institution_id) and file_in_scope(actor, file):
        return True
    return False


def can_assign_file(actor: Actor, file: CriminalFile) -> bool:
    """Hand the file to a colleague: someone who reaches the whole institution's files."""
    if can_edit_file(actor, file) and actor.scope == RecordScope.INSTITUTION:
        return True
    return False


def can_read_identity(actor: Actor, file: CriminalFile) -> bool:
    """Names of defendants and of victims recorded in the file."""
    if file_in_scope(actor, file) and actor.can_read(Sensitivity.IDENTITY):
        return True
    return False


def can_record_person(actor: Actor, file: CriminalFile) -> bool:
    """Add a suspect or a victim known only to the file (a person of the institution)."""
    if can_edit_file(actor, file) and actor.can_write(Sensitivity.IDENTITY):
        return True
    return False


def reserved_for(actor: Actor, victim: FileVictim) -> bool:
    """A granted reserved identity hides the name from everyone but the prosecutor in
    charge of the file."""
    reserved = any(
        m.type == MeasureType.RESERVED_IDENTITY and m.status == MeasureStatus.GRANTED
        for m in victim.measures.all()
    )
    if reserved and victim.file.assigned_to_id != actor.user_id:
        return True
    return False


def victim_identity(actor: Actor, victim: FileVictim):
    """The person whose name the actor may read for this victim, or None (then the file's
    code shows). Through a case: only while the institution's grant gives the identity
    section (an ended grant shows the code)."""
    if not can_read_identity(actor, victim.file) or reserved_for(actor, victim):
        return None
    if victim.case is not None:
        if "identity" in case_policies.sections_for(actor, victim.case):
            return victim.case.person
        return None
    return victim.person


def can_see_victim_case(actor: Actor, victim: FileVictim) -> bool:
    """The file names the victim's protection case (and links its page) when the actor may
    read some section of the case, and the victim's identity is not reserved from them: the
    case page would show the name the file hides."""
    if victim.case is None or reserved_for(actor, victim):
        return False
    if case_policies.sections_for(actor, victim.case):
        return True
    return False


def can_link_case(actor: Actor, file: CriminalFile, case: Case) -> bool:
    """A protection case joins the file only through the legal grant the actor's institution
    holds on it (an accepted legal / prosecution referral): never an owned case by another
    path, never a case shared for care."""
    if not can_edit_file(actor, file):
        return False
    grant = case_policies.active_grant(actor, case)
    if grant is not None and "legal" in grant.sections and "identity" in grant.sections:
        return True
    return False


def linkable_grants(actor: Actor) -> list[AccessGrant]:
    """The actor's active legal grants: the cases a file may link (sections are JSON, read
    in Python for both databases)."""
    if not (actor.can("prosecution.edit") and _owner_institution(actor)):
        return []
    grants = case_policies.scope_grants(actor).select_related("case")
    return [g for g in grants if "legal" in g.sections and "identity" in g.sections]


def scope_hearings(actor: Actor, qs: QuerySet[Hearing] | None = None) -> QuerySet[Hearing]:
    """Hearings of the files in scope (EXISTS: a week of hearings is checked against the
    files, not the institution's 40,000 files against the hearings)."""
    qs = Hearing.objects.all() if qs is None else qs
    return qs.filter(Exists(scope_files(actor).filter(pk=OuterRef("file_id")).values("pk")))


def scope_operations(actor: Actor, qs: QuerySet[Operation] | None = None) -> QuerySet[Operation]:
    """Operations the institution led or took part in."""
    qs = Operation.objects.all() if qs is None else qs
    if not (actor.can("prosecution.view") and reaches_records(actor)):
        return qs.none()
    return qs.filter(
        Q(institution_id=actor.institution_id) | Q(partners=actor.institution_id)
    ).distinct()


def can_create_operation(actor: Actor) -> bool:
    return can_create_file(actor)


def can_edit_operation(actor: Actor, operation: Operation) -> bool:
    if actor.can("prosecution.edit", operation.institution_id) and reaches_records(actor):
        return True
    return False


# --- Counts: the funnel -----------------------------------------------------------------------


def funnel_scope(actor: Actor) -> QuerySet[CriminalFile] | None:
    """The files the actor's funnel counts: the country's for the commission's analysts
    (counts only), the institution's files in scope for prosecutors and investigators; None
    when the actor sees no funnel."""
    if funnel_is_national(actor):
        return CriminalFile.objects.all()
    if actor.can("prosecution.view") and reaches_records(actor):
        return scope_files(actor)
    return None


def scope_funnel_rows(actor: Actor, qs: QuerySet, *, institution: str, file: str) -> QuerySet:
    """The charges (or the verdicts and payments reached through them) the actor's funnel
    counts: every one for the commission's analysts; for a prosecutor or an investigator,
    the institution's (``institution``: the path to the copied institution id), narrowed to
    the files in scope when the role reaches less than the whole institution (``file``: the
    path to the file)."""
    if actor.can("reporting.view_aggregates"):
        return qs
    if not (actor.can("prosecution.view") and reaches_records(actor)):
        return qs.none()
    qs = qs.filter(**{institution: actor.institution_id})
    if actor.scope == RecordScope.INSTITUTION:
        return qs
    return qs.filter(Exists(scope_files(actor).filter(pk=OuterRef(file)).values("pk")))


def funnel_is_national(actor: Actor) -> bool:
    """Whether the actor's funnel counts the whole country (``funnel_scope``'s first case):
    the page says so."""
    if actor.can("reporting.view_aggregates"):
        return True
    return False


def can_see_funnel_card(actor: Actor) -> bool:
    """The funnel's card on the home page: the people of the files and the analysts whose
    work is the statistics (aggregate scope). Protection roles that may read the statistics
    open the funnel's page; their home page stays on their cases."""
    if actor.can("prosecution.view") and reaches_records(actor):
        return True
    if actor.can("reporting.view_aggregates") and actor.scope == RecordScope.AGGREGATE:
        return True
    return False


def can_view_funnel(actor: Actor) -> bool:
    if funnel_scope(actor) is not None:
        return True
    return False


# --- The protection case's side -----------------------------------------------------------------


def can_see_participation(actor: Actor, case: Case) -> bool:
    """The case's owner sees that the survivor takes part in a proceeding and its stage."""
    if case_policies.owns(actor, case):
        return True
    return False


# --- Code lists --------------------------------------------------------------------------------


def can_manage_code_lists(actor: Actor) -> bool:
    """Offences, aggravating circumstances and stage time limits: the platform administrator
    (they are the country's law, the same for every institution)."""
    if actor.can("codelists.manage"):
        return True
    return False


def can_read_code_lists(actor: Actor) -> bool:
    """The lists a file is recorded with (API clients need their codes)."""
    if actor.can("prosecution.view") or actor.can("codelists.manage"):
        return True
    return False


# --- Work queues and hearing calendar (slice 3) ---------------------------------------------


def can_see_file_queues(actor: Actor) -> bool:
    """The queues and the hearing calendar of the files' owners: roles that read files and
    reach some record (what is out of scope is simply not in them)."""
    if actor.can("prosecution.view") and reaches_records(actor):
        return True
    return False
