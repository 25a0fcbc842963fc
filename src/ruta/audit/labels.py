"""How audit entries read: a label for every action code, and how each record type is named.

Codes stay in the database and the API (machine-readable); pages show these labels. A test
checks that every action code used in ``src`` has a label here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Accounts
    "accounts.api_token.created": _("API token issued"),
    "accounts.api_token.revoked": _("API token revoked"),
    "accounts.membership.created": _("Membership added"),
    "accounts.membership.switched": _("Institution switched"),
    "accounts.membership.updated": _("Membership changed"),
    "accounts.membership.territory_changed": _("Membership territory changed"),
    "accounts.role.created": _("Role created"),
    "accounts.role.updated": _("Role changed"),
    "accounts.totp.confirmed": _("Second factor enrolled"),
    "accounts.totp.reset": _("Second factor reset"),
    "accounts.user.activated": _("Account activated"),
    "accounts.user.bootstrapped": _("Platform administrator created"),
    "accounts.user.created": _("Account created"),
    "accounts.user.deactivated": _("Account deactivated"),
    "accounts.user.locked": _("Account locked after failed sign-ins"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.password_reset_completed": _("Password reset completed"),
    "accounts.user.password_reset_requested": _("Password reset requested"),
    "accounts.user.preferences_changed": _("Preferences changed"),
    "accounts.user.sign_in_failed": _("Sign-in failed"),
    "accounts.user.sign_in_refused": _("Sign-in refused"),
    "accounts.user.signed_in": _("Signed in"),
    "accounts.user.signed_out": _("Signed out"),
    "accounts.user.signed_out_everywhere": _("Signed out everywhere"),
    "accounts.user.credentials_revoked": _("Sessions ended and API tokens revoked"),
    "accounts.user.unlocked": _("Account unlocked"),
    "accounts.user.updated": _("Account changed"),
    # Care
    "care.assessment.recorded": _("Assessment recorded"),
    "care.delivery.recorded": _("Service delivery recorded"),
    "care.goal.created": _("Care goal added"),
    "care.goal.updated": _("Care goal changed"),
    "care.plan.created": _("Care plan created"),
    "care.plan.updated": _("Care plan changed"),
    "care.plan.ended_with_case": _("Care plan completed with the case"),
    "care.plan.viewed": _("Care plan viewed"),
    "care.review.recorded": _("Care plan review recorded"),
    "care.service.created": _("Care service added"),
    "care.service.updated": _("Care service changed"),
    "care.service.ended_with_case": _("Care service cancelled with the case"),
    # Cases
    "cases.attachment.added": _("Attachment added"),
    "cases.attachment.downloaded": _("Attachment downloaded"),
    "cases.case.assigned": _("Case assigned"),
    "cases.case.closed": _("Case closed"),
    "cases.case.closure_rejected": _("Case closure rejected"),
    "cases.case.closure_requested": _("Case closure requested"),
    "cases.case.facts_updated": _("Case facts changed"),
    "cases.case.first_contact": _("First contact recorded"),
    "cases.case.opened": _("Case opened"),
    "cases.case.owner_changed": _("Case owner changed"),
    "cases.case.reopened": _("Case reopened"),
    "cases.case.summary_exported": _("Case summary printed"),
    "cases.case.viewed": _("Case viewed"),
    "cases.consent.recorded": _("Consent recorded"),
    "cases.consent.withdrawn": _("Consent withdrawn"),
    "cases.event.added": _("Exploitation event added"),
    "cases.grant.closed": _("Access to a case ended"),
    "cases.grant.opened": _("Access to a case given"),
    "cases.grant.reassigned": _("Access to a case handed over"),
    "cases.identification.decided": _("Identification decided"),
    "cases.note.added": _("Note added"),
    "cases.screening.recorded": _("Screening recorded"),
    "cases.task.completed": _("Task completed"),
    "cases.task.ended_by_record": _("Task done by the record it asked for"),
    "cases.task.ended_with_case": _("Open tasks closed with the case"),
    # Core
    "core.access.refused": _("Access refused"),
    # Institutions
    "institutions.contact_point.created": _("Contact point added"),
    "institutions.contact_point.deleted": _("Contact point removed"),
    "institutions.institution.created": _("Institution created"),
    "institutions.institution.updated": _("Institution changed"),
    "institutions.unit.created": _("Unit created"),
    # Intake
    "intake.report.accepted": _("Report accepted as a case"),
    "intake.report.closed": _("Report closed"),
    "intake.report.created": _("Report recorded"),
    "intake.report.received_public": _("Report received from the public form"),
    "intake.report.taken": _("Report taken for triage"),
    "intake.report.urgent": _("Report marked urgent"),
    "intake.report.viewed": _("Report viewed"),
    # Notifications
    "notifications.notification.read": _("Notification read"),
    # People
    "people.person.created": _("Person recorded"),
    "people.person.updated": _("Person changed"),
    "people.person.viewed": _("Person viewed"),
    "people.person.merged": _("Persons merged"),
    "people.person.merge_undone": _("Merge of persons undone"),
    "people.pair.viewed": _("Possible duplicate viewed"),
    "people.pair.dismissed": _("Possible duplicate dismissed"),
    "people.pairs.listed": _("Possible duplicates listed"),
    "people.linkage.started": _("Duplicate search started"),
    "people.linkage.finished": _("Duplicate search finished"),
    # Prevention (slice "courses"): frameworks, courses, sessions
    "prevention.framework.created": _("Competency framework created"),
    "prevention.framework.copied": _("Competency framework copied"),
    "prevention.framework.updated": _("Competency framework changed"),
    "prevention.framework.competency_added": _("Competency added to a framework"),
    "prevention.framework.competency_updated": _("Competency of a framework changed"),
    "prevention.framework.competency_removed": _("Competency removed from a framework"),
    "prevention.framework.indicator_added": _("Behavioural indicator added"),
    "prevention.framework.indicator_updated": _("Behavioural indicator changed"),
    "prevention.framework.indicator_removed": _("Behavioural indicator removed"),
    "prevention.course.created": _("Course created"),
    "prevention.course.updated": _("Course changed"),
    "prevention.course.version_created": _("New version of a course created"),
    "prevention.course.module_added": _("Module added to a course"),
    "prevention.course.module_updated": _("Module of a course changed"),
    "prevention.course.module_removed": _("Module removed from a course"),
    "prevention.course.mandatory_added": _("Course made mandatory for a role"),
    "prevention.course.mandatory_removed": _("Course no longer mandatory for a role"),
    "prevention.course.question_added": _("Question added to a course's test"),
    "prevention.course.question_updated": _("Question of a course's test changed"),
    "prevention.course.question_removed": _("Question removed from a course's test"),
    "prevention.session.created": _("Training session planned"),
    "prevention.session.updated": _("Training session changed"),
    "prevention.session.status_changed": _("Status of a training session changed"),
    "prevention.session.trainer_added": _("Trainer added to a session"),
    "prevention.session.trainer_removed": _("Trainer removed from a session"),
    "prevention.session.viewed": _("Training session viewed"),
    # Prosecution
    "prosecution.aggravating.created": _("Aggravating circumstance added"),
    "prosecution.aggravating.updated": _("Aggravating circumstance changed"),
    "prosecution.appeal.decided": _("Appeal decided"),
    "prosecution.appeal.filed": _("Appeal filed"),
    "prosecution.asset.recorded": _("Confiscated asset recorded"),
    "prosecution.charge.added": _("Charge added"),
    "prosecution.compensation.paid": _("Compensation payment recorded"),
    "prosecution.defendant.added": _("Suspect added"),
    "prosecution.defendant.updated": _("Suspect changed"),
    "prosecution.file.assigned": _("Criminal file assigned"),
    "prosecution.file.closed_early": _("Criminal file closed"),
    "prosecution.file.created": _("Criminal file opened"),
    "prosecution.file.stage_advanced": _("Criminal file moved to the next stage"),
    "prosecution.file.stage_corrected": _("Stage of a criminal file corrected"),
    "prosecution.file.updated": _("Criminal file changed"),
    "prosecution.file.people_viewed": _("People in a criminal file viewed"),
    "prosecution.file.viewed": _("Criminal file viewed"),
    "prosecution.hearing.reminded": _("Hearing reminder sent"),
    "prosecution.hearing.result_recorded": _("Result of a hearing recorded"),
    "prosecution.hearing.scheduled": _("Hearing scheduled"),
    "prosecution.measure.decided": _("Protection measure decided"),
    "prosecution.measure.requested": _("Protection measure requested"),
    "prosecution.offence.created": _("Offence added"),
    "prosecution.offence.updated": _("Offence changed"),
    "prosecution.operation.created": _("Police operation recorded"),
    "prosecution.operation.reports_linked": _("Reports linked to a police operation"),
    "prosecution.time_limit.updated": _("Time limit of a stage changed"),
    "prosecution.verdict.recorded": _("Verdict recorded"),
    "prosecution.victim.linked": _("Survivor joined to a criminal file"),
    "prosecution.victim.recorded": _("Victim recorded in a criminal file"),
    "prosecution.victim.updated": _("Victim in a criminal file changed"),
    # Prevention (slice certificates)
    "prevention.certificate.downloaded": _("Certificate downloaded"),
    "prevention.certificate.issued": _("Certificate issued"),
    "prevention.certificate.listed": _("Certificates listed"),
    "prevention.certificate.revoked": _("Certificate revoked"),
    "prevention.certificate.viewed": _("Certificate viewed"),
    "prevention.participant.trainer_certified": _("Participant certified as a trainer"),
    "prevention.participant.trainer_certification_withdrawn": _(
        "Participant's trainer certification withdrawn"
    ),
    "prevention.session.certificates_viewed": _("Eligibility for certificates viewed"),
    # Prevention: campaigns and labour inspections (slice outreach)
    "prevention.campaign.created": _("Campaign recorded"),
    "prevention.campaign.updated": _("Campaign changed"),
    "prevention.campaign.reach_recorded": _("People reached by a campaign recorded"),
    "prevention.campaign.material_added": _("Campaign material added"),
    "prevention.campaign.material_removed": _("Campaign material removed"),
    "prevention.inspection.created": _("Labour inspection recorded"),
    "prevention.inspection.updated": _("Labour inspection changed"),
    "prevention.inspection.viewed": _("Labour inspection viewed"),
    "prevention.inspection.measure_added": _("Measure of a labour inspection recorded"),
    "prevention.inspection.measure_removed": _("Measure of a labour inspection removed"),
    "prevention.inspection.report_raised": _("Report raised from a labour inspection"),
    # Prevention: spreadsheet imports (slice imports)
    "prevention.import.uploaded": _("Spreadsheet uploaded for import"),
    "prevention.import.checked": _("Spreadsheet checked"),
    "prevention.import.confirmed": _("Spreadsheet import started"),
    "prevention.import.imported": _("Spreadsheet imported"),
    "prevention.import.failed": _("Spreadsheet import failed"),
    "prevention.import.discarded": _("Spreadsheet discarded"),
    # Prevention (slice reports)
    "prevention.coverage.exported": _("Staff missing a mandatory course exported"),
    "prevention.coverage.viewed": _("Coverage of mandatory courses viewed"),
    "prevention.report.exported": _("Training report exported"),
    # Referrals
    "referrals.offering.created": _("Service offering added"),
    "referrals.offering.updated": _("Service offering changed"),
    "referrals.referral.accepted": _("Referral accepted"),
    "referrals.referral.assigned": _("Referral assigned"),
    "referrals.referral.completed": _("Referral completed"),
    "referrals.referral.declined": _("Referral declined"),
    "referrals.referral.ended_with_case": _("Referral ended with the case"),
    "referrals.referral.reminded": _("Referral reminder sent"),
    "referrals.referral.sent": _("Referral sent"),
    "referrals.referral.viewed": _("Referral viewed"),
    "referrals.referral.withdrawn": _("Referral withdrawn"),
    "referrals.transfer.accepted": _("Transfer accepted"),
    "referrals.transfer.declined": _("Transfer declined"),
    "referrals.transfer.proposed": _("Transfer proposed"),
    "referrals.transfer.viewed": _("Transfer viewed"),
    "referrals.transfer.withdrawn": _("Transfer withdrawn"),
    # --- prevention, slice people ---
    "prevention.participant.created": _("Training participant recorded"),
    "prevention.participant.updated": _("Training participant changed"),
    "prevention.participants.viewed": _("Training participants viewed"),
    "prevention.enrolment.created": _("Participant enrolled in a training session"),
    "prevention.enrolment.withdrawn": _("Participant withdrawn from a training session"),
    "prevention.attendance.recorded": _("Training attendance recorded"),
    "prevention.result.recorded": _("Training test recorded"),
    "prevention.follow_up.sent": _("Training follow-up questionnaire sent"),
    "prevention.follow_up.answered": _("Training follow-up questionnaire answered"),
}


def action_label(code: str) -> str:
    """The translated label of an action code; an unknown code reads as its last two parts
    (``cases.thing.done_twice`` -> "Thing: done twice")."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    parts = code.split(".")
    if len(parts) < 2:
        return code.replace("_", " ").capitalize()
    thing, verb = parts[-2].replace("_", " "), parts[-1].replace("_", " ")
    return f"{thing.capitalize()}: {verb}"


@dataclass(frozen=True)
class TargetNaming:
    """How to name the records of one type: what to load with them and how to say them."""

    related: tuple[str, ...]
    name: Callable[[Any], str]  # takes a record of its type


def _case_ref(path: str) -> Callable[[object], str]:
    def name(obj) -> str:
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj.reference

    return name


def _of_case(label, path: str) -> Callable[[object], str]:
    ref = _case_ref(path)
    return lambda obj: str(label) % {"case": ref(obj)}


# Record type (app_label.model) -> naming. Never a person's name: a case is named by its
# reference, a person by the type only.
TARGET_NAMING: dict[str, TargetNaming] = {
    "accounts.user": TargetNaming((), lambda u: u.username),
    "accounts.membership": TargetNaming(
        ("user", "institution"), lambda m: f"{m.user.username} · {m.institution.short_name}"
    ),
    "accounts.apitoken": TargetNaming(
        ("user",), lambda t: str(_("API token of %(user)s")) % {"user": t.user.username}
    ),
    "accounts.totpdevice": TargetNaming(
        ("user",), lambda d: str(_("Second factor of %(user)s")) % {"user": d.user.username}
    ),
    "accounts.role": TargetNaming((), lambda r: str(r.label)),
    "institutions.institution": TargetNaming((), str),
    "institutions.unit": TargetNaming(
        ("institution",), lambda u: f"{u.name} · {u.institution.short_name}"
    ),
    "institutions.contactpoint": TargetNaming(
        ("institution",),
        lambda c: (
            str(_("Contact point of %(institution)s")) % {"institution": c.institution.short_name}
        ),
    ),
    "cases.case": TargetNaming((), lambda c: c.reference),
    # prevention (slice certificates): a certificate by its code, never its holder's name
    "prevention.certificate": TargetNaming((), lambda c: c.code),
    "prosecution.criminalfile": TargetNaming((), lambda f: f.reference),
    "prosecution.operation": TargetNaming((), lambda o: o.reference),
    "prosecution.hearing": TargetNaming(
        ("file",), lambda h: str(_("Hearing in %(file)s")) % {"file": h.file.reference}
    ),
    "prosecution.defendant": TargetNaming(("file",), lambda d: f"{d.code} · {d.file.reference}"),
    "prosecution.charge": TargetNaming(
        ("defendant__file",),
        lambda c: (
            str(_("Charge against %(code)s in %(file)s"))
            % {"code": c.defendant.code, "file": c.defendant.file.reference}
        ),
    ),
    "prosecution.verdict": TargetNaming(
        ("charge__defendant__file",),
        lambda v: (
            str(_("Verdict on %(code)s in %(file)s"))
            % {"code": v.charge.defendant.code, "file": v.charge.defendant.file.reference}
        ),
    ),
    "prosecution.appeal": TargetNaming(
        ("file",), lambda a: str(_("Appeal in %(file)s")) % {"file": a.file.reference}
    ),
    "prosecution.filevictim": TargetNaming(("file",), lambda v: f"{v.code} · {v.file.reference}"),
    "prosecution.protectionmeasure": TargetNaming(
        ("victim__file",), lambda m: f"{m.get_type_display()} · {m.victim.file.reference}"
    ),
    # Prevention: spreadsheet imports (slice imports)
    "prevention.importjob": TargetNaming(
        ("session",), lambda j: str(_("Import into %(session)s")) % {"session": j.session.reference}
    ),
    # Prevention (slice "courses")
    "prevention.competencyframework": TargetNaming((), lambda f: f.code),
    "prevention.course": TargetNaming((), lambda c: f"{c.code} v{c.edition}"),
    "prevention.trainingsession": TargetNaming((), lambda s: s.reference),
    "intake.report": TargetNaming((), lambda r: r.reference),
    # slice outreach
    "prevention.campaign": TargetNaming((), lambda c: c.name),
    "prevention.inspection": TargetNaming((), lambda i: i.reference),
    "referrals.referral": TargetNaming((), lambda r: r.reference),
    "referrals.transfer": TargetNaming(("case",), _of_case(_("Transfer of %(case)s"), "case")),
    "referrals.serviceoffering": TargetNaming(
        ("institution",),
        lambda o: f"{o.get_service_display()} · {o.institution.short_name}",
    ),
    "cases.note": TargetNaming(("case",), _of_case(_("Note on %(case)s"), "case")),
    "cases.attachment": TargetNaming(("case",), _of_case(_("Attachment to %(case)s"), "case")),
    "cases.consent": TargetNaming(("case",), _of_case(_("Consent in %(case)s"), "case")),
    "cases.screening": TargetNaming(("case",), _of_case(_("Screening in %(case)s"), "case")),
    "cases.task": TargetNaming(("case",), _of_case(_("Task in %(case)s"), "case")),
    "cases.traffickingevent": TargetNaming(("case",), _of_case(_("Event in %(case)s"), "case")),
    "cases.accessgrant": TargetNaming(("case",), _of_case(_("Access to %(case)s"), "case")),
    "cases.identificationdecision": TargetNaming(
        ("case",), _of_case(_("Identification in %(case)s"), "case")
    ),
    "care.assessment": TargetNaming(("case",), _of_case(_("Assessment in %(case)s"), "case")),
    "care.careplan": TargetNaming(("case",), _of_case(_("Care plan of %(case)s"), "case")),
    "care.caregoal": TargetNaming(
        ("plan__case",), _of_case(_("Care goal in %(case)s"), "plan.case")
    ),
    "care.careservice": TargetNaming(
        ("plan__case",), _of_case(_("Care service in %(case)s"), "plan.case")
    ),
    "care.servicedelivery": TargetNaming(
        ("service__plan__case",), _of_case(_("Delivery in %(case)s"), "service.plan.case")
    ),
    "care.planreview": TargetNaming(
        ("plan__case",), _of_case(_("Plan review in %(case)s"), "plan.case")
    ),
    # --- prevention, slice people (no participant's name: the session's reference) ---
    "prevention.enrolment": TargetNaming(
        ("session",),
        lambda e: str(_("Enrolment in %(session)s")) % {"session": e.session.reference},
    ),
    "prevention.result": TargetNaming(
        ("enrolment__session",),
        lambda r: str(_("Test in %(session)s")) % {"session": r.enrolment.session.reference},
    ),
}
