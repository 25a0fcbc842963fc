"""The home page: panels chosen by what the actor can do, each filled by a selector."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ruta.accounts.policies import can_list_users
from ruta.accounts.selectors import user_admin_summary
from ruta.audit.policies import can_view_audit
from ruta.audit.selectors import audit_event_list
from ruta.cases.policies import can_list_cases
from ruta.cases.selectors import work_queues
from ruta.coordination.selectors_actions import overdue_actions
from ruta.core.actor import Actor
from ruta.institutions.policies import can_view_institution_summary
from ruta.institutions.selectors import institution_type_summary
from ruta.intake.policies import can_list_reports
from ruta.intake.selectors import report_queue_summary
from ruta.prevention.selectors_courses import upcoming_sessions
from ruta.prevention.selectors_outreach import inspections_awaiting_report
from ruta.prevention.selectors_reports import training_summary
from ruta.prosecution.policies import can_see_file_queues, can_see_funnel_card
from ruta.prosecution.selectors_funnel import funnel_summary
from ruta.prosecution.selectors_queues import prosecution_queues
from ruta.referrals import selectors as referral_selectors
from ruta.referrals.policies import can_see_referral_dashboard
from ruta.results.selectors_returns import overdue_returns
from ruta.web.policies import can_see_work_queue


def home_panels(actor: Actor) -> list[dict]:
    """The panels, urgent ones first. Each figure links to the list filtered the same way."""
    panels: list[dict] = []
    if can_see_work_queue(actor, "coordination.update_actions") or can_see_work_queue(
        actor, "coordination.manage"
    ):
        overdue = list(overdue_actions(actor)[:10])
        panels.append(
            {
                "kind": "coordination_actions",
                "template": "coordination/actions/_home_queue.html",
                "title": _("Overdue committee actions"),
                "rows": overdue,
                "urgent": bool(overdue),
            }
        )
    if can_see_work_queue(actor, "returns.submit"):
        late = overdue_returns(actor=actor)
        panels.append(
            {
                "kind": "returns",
                "template": "results/returns/_home_queue.html",
                "title": _("Periodic returns"),
                "rows": late,
                "urgent": bool(late),
            }
        )
    if can_list_cases(actor):
        q = work_queues(actor=actor)
        panels.append(
            {"kind": "cases", "title": _("My work"), "q": q, "urgent": bool(q["overdue"])}
        )
    if can_see_file_queues(actor):
        pq = prosecution_queues(actor=actor)
        panels.append(
            {
                "kind": "prosecution_queues",
                "template": "prosecution/funnel/_home_queues.html",
                "title": _("Criminal files"),
                "q": pq,
                "urgent": bool(pq["overdue_count"]),
            }
        )
    summary = funnel_summary(actor=actor) if can_see_funnel_card(actor) else None
    if summary is not None:
        panels.append(
            {
                "kind": "prosecution_funnel",
                "template": "prosecution/funnel/_home_funnel.html",
                "title": _("Prosecution funnel"),
                "f": summary,
            }
        )
    inspections = inspections_awaiting_report(actor=actor)
    if inspections is not None:
        panels.append(
            {
                "kind": "inspections",
                "template": "prevention/inspections/_home_queue.html",
                "title": _("Inspections"),
                "q": inspections,
                "urgent": bool(inspections["count"]),
            }
        )
    training = training_summary(actor=actor)
    upcoming = upcoming_sessions(actor=actor)
    if training is not None or upcoming:
        panels.append(
            {
                "kind": "trainings",
                "template": "prevention/_home_trainings.html",
                "title": _("Trainings"),
                "summary": training,
                "upcoming": upcoming,
            }
        )
    if can_see_referral_dashboard(actor):
        d = referral_selectors.dashboard(actor=actor)
        panels.append(
            {
                "kind": "referrals",
                "title": _("Referrals"),
                "d": d,
                "urgent": bool(d["overdue_received"]),
            }
        )
    if can_list_reports(actor):
        summary = report_queue_summary(actor=actor)
        panels.append(
            {
                "kind": "reports",
                "title": _("Reports"),
                "summary": summary,
                "urgent": bool(summary["urgent"] or summary["overdue"]),
            }
        )
    if can_list_users(actor):
        panels.append(
            {"kind": "users", "title": _("Accounts"), "summary": user_admin_summary(actor=actor)}
        )
    if can_view_institution_summary(actor):
        panels.append(
            {
                "kind": "institutions",
                "title": _("Institutions by type"),
                "rows": institution_type_summary(actor=actor),
            }
        )
    if can_view_audit(actor):
        panels.append(
            {
                "kind": "audit",
                "title": _("Latest audit events"),
                "events": list(audit_event_list(actor=actor)[:8]),
            }
        )
    # What cannot wait comes first, in the page's order too (a phone shows one card under the
    # other; the reading and focus order stay the visual order): overdue tasks, urgent or
    # overdue reports, referrals waiting past their limit.
    panels.sort(key=lambda panel: not panel.get("urgent"))
    return panels
