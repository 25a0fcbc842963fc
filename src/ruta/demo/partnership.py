"""The demo's partnership pillar: the commission's plenary with two meetings, three
agreements and five action items (one overdue), the local committee of San Pedro Sula
(Cortés) with its next meeting, the project's steering committee following a logic model of
two outcomes, four outputs and eight indicators (four computed from the demo's own records),
a cooperation agreement up for renewal, and the monthly police return that one police
directorate has not sent.

Structure (committees, members, the logic model, the data set) is written as reference data;
what users do day to day (meetings, agreements, action items, returns) carries the dates a
real year would have, relative to the day the demo is built."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from ruta.accounts.models import User
from ruta.core.actor import Actor
from ruta.core.models import Department
from ruta.institutions.models import Institution

PLENARY = "PLENO-CICESCT"


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _month_back(day: date, n: int) -> date:
    first = day.replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def seed_partnership(actor_of: Callable[[str], Actor], inst: dict[str, Institution]) -> None:
    from ruta.coordination.models import Committee

    if Committee.objects.filter(acronym=PLENARY).exists():
        return
    today = timezone.localdate()
    plenary = _committees(inst)
    _plenary_meetings(plenary, inst, today)
    _cooperation(inst, today)
    framework = _logic_model(inst, today)
    _police_return(inst, today)
    _recompute(actor_of, framework, today)


def _committees(inst: dict[str, Institution]):
    from ruta.coordination.models import Committee, CommitteeMember, Representative

    plenary = Committee.objects.create(
        kind="plenary",
        name="Pleno de la Comisión Interinstitucional contra la ESC y Trata de Personas",
        acronym=PLENARY,
        description="Máxima instancia de decisión de la comisión; sesiona cada dos meses.",
        secretariat=inst["cicesct"],
        language="es",
        quorum_rule="majority",
    )
    members = ["cicesct", "eri", "police", "academy", "prosecution", "labour", "senaf"]
    members += ["consular", "ngo"]
    start = date(2025, 1, 15)
    people = {
        "police": ("Comisionado Marvin Josué Paz Aguilar", "Subcomisionada Iris Amador Lobo"),
        "prosecution": ("Abog. Carlos Alberto Martínez Reyes", "Abog. Gabriela Medina Orellana"),
        "senaf": ("Lic. Héctor Manuel Bonilla Ramos", "Lic. Sandra Yolanda Ferrera"),
        "labour": ("Lic. Dania Marisol Ortiz Cruz", ""),
        "cicesct": ("Abog. Jorge Luis Aguilar Mendoza", "Lic. Ingrid Vanessa Lagos Fúnez"),
    }
    for key in members:
        member = CommitteeMember.objects.create(
            committee=plenary, institution=inst[key], joined_on=start
        )
        principal, alternate = people.get(key, ("", ""))
        if principal:
            Representative.objects.create(
                member=member, kind="principal", name=principal, term_starts_on=start
            )
        if alternate:
            Representative.objects.create(
                member=member, kind="alternate", name=alternate, term_starts_on=start
            )
    CommitteeMember.objects.create(
        committee=plenary, institution=inst["partner"], role="observer", joined_on=start
    )

    local = Committee.objects.create(
        kind="local",
        name="Comité Local de San Pedro Sula contra la Trata",
        acronym="CL-SPS",
        secretariat=inst["cl_sps"],
        language="es",
        quorum_rule="fixed",
        quorum_fixed=3,
    )
    local.departments.add(Department.objects.get(code="HN-CR"))
    for key in ("cl_sps", "shelter_2", "ngo", "police", "senaf"):
        CommitteeMember.objects.create(committee=local, institution=inst[key])

    steering = Committee.objects.create(
        kind="steering",
        name="Comité directivo del proyecto de fortalecimiento de capacidades",
        acronym="CD-PFC",
        secretariat=inst["partner"],
        language="es",
        quorum_rule="two_thirds",
    )
    for key in ("partner", "cicesct", "academy", "police", "prosecution", "labour", "senaf"):
        CommitteeMember.objects.create(committee=steering, institution=inst[key])
    return {"plenary": plenary, "local": local, "steering": steering}


def _plenary_meetings(committees: dict, inst: dict[str, Institution], today: date) -> None:
    from ruta.coordination.models import (
        ActionItem,
        AgendaItem,
        Agreement,
        Meeting,
        MeetingAttendance,
    )

    plenary = committees["plenary"]
    first_day = today - timedelta(days=75)
    second_day = today - timedelta(days=21)
    first = Meeting.objects.create(
        committee=plenary,
        year=first_day.year,
        number=1,
        title="Sesión ordinaria",
        starts_at=_at(first_day),
        place="Casa Presidencial, salón de reuniones, Tegucigalpa",
        status="held",
        minutes=(
            "Se abrió la sesión con quórum. La secretaría presentó el informe de casos del "
            "trimestre y el borrador de la hoja de ruta de derivación. Se acordó lo que consta "
            "en los acuerdos de la sesión."
        ),
        minutes_closed_at=_at(first_day + timedelta(days=7)),
    )
    second = Meeting.objects.create(
        committee=plenary,
        year=second_day.year,
        number=2 if second_day.year == first_day.year else 1,
        title="Sesión ordinaria",
        starts_at=_at(second_day),
        place="Sede de la CICESCT, Tegucigalpa",
        online_link="https://reuniones.example.hn/cicesct-pleno",
        status="held",
        minutes=(
            "Se verificó el quórum. Se revisó el avance de los acuerdos anteriores y se "
            "aprobó el plan de capacitación policial del próximo año."
        ),
    )
    for order, title in enumerate(
        (
            "Verificación del quórum y aprobación de la agenda",
            "Informe de la secretaría ejecutiva",
            "Hoja de ruta de derivación: borrador",
            "Asuntos varios",
        ),
        start=1,
    ):
        AgendaItem.objects.create(meeting=first, order=order, title=title)
    for order, title in enumerate(
        (
            "Verificación del quórum",
            "Seguimiento de acuerdos",
            "Plan de capacitación policial",
        ),
        start=1,
    ):
        AgendaItem.objects.create(meeting=second, order=order, title=title)
    presence = {
        "cicesct": ("present", "Abog. Jorge Luis Aguilar Mendoza"),
        "eri": ("present", "José Roberto Zelaya Padilla"),
        "police": ("present", "Comisionado Marvin Josué Paz Aguilar"),
        "academy": ("excused", ""),
        "prosecution": ("present", "Abog. Carlos Alberto Martínez Reyes"),
        "labour": ("present", "Lic. Dania Marisol Ortiz Cruz"),
        "senaf": ("absent", ""),
        "consular": ("present", "Lic. Rina Carolina Suazo"),
        "ngo": ("excused", ""),
    }
    for meeting in (first, second):
        for key, (state, person) in presence.items():
            if meeting is second and key == "senaf":
                state, person = "present", "Lic. Héctor Manuel Bonilla Ramos"
            MeetingAttendance.objects.create(
                meeting=meeting, institution=inst[key], presence=state, person=person
            )

    def agreement(meeting, number: int, text: str) -> Agreement:
        return Agreement.objects.create(
            committee=plenary,
            meeting=meeting,
            year=meeting.year,
            number=number,
            reference=f"{plenary.acronym}-ACU-{meeting.year}-{number:03d}",
            text=text,
        )

    route = agreement(
        first,
        1,
        "Aprobar en lo general la hoja de ruta de derivación de víctimas y encargar su "
        "validación a las instituciones de respuesta.",
    )
    data = agreement(
        first,
        2,
        "Las instituciones remitirán mensualmente su estadística de trata a la secretaría "
        "ejecutiva, dentro de los diez días siguientes al cierre del mes.",
    )
    training = agreement(
        second if second.year == first.year else first,
        3,
        "Aprobar el plan de capacitación policial y certificar a los equipos de "
        "investigación en el curso obligatorio de primera respuesta.",
    )

    def action(ag, owner, description, due, status="pending", **kw):
        return ActionItem.objects.create(
            agreement=ag,
            committee=plenary,
            owner_institution=inst[owner],
            description=description,
            due_on=due,
            status=status,
            **kw,
        )

    action(
        route,
        "eri",
        "Validar la hoja de ruta con los equipos de respuesta y remitir observaciones.",
        today - timedelta(days=40),
        status="done",
        responsible="José Roberto Zelaya Padilla",
        evidence="Oficio ERI-114 con las observaciones de los equipos regionales.",
        done_on=today - timedelta(days=45),
    )
    action(
        route,
        "police",
        "Designar enlaces de la DPI en cada región para la hoja de ruta.",
        today - timedelta(days=10),
        responsible="Comisionado Marvin Josué Paz Aguilar",
    )  # overdue
    action(
        data,
        "prosecution",
        "Enviar la estadística mensual de expedientes de trata a la secretaría.",
        today + timedelta(days=10),
        status="in_progress",
        progress_note="Formato acordado con la secretaría; falta la firma del jefe de unidad.",
    )
    action(
        training,
        "academy",
        "Programar dos ediciones del curso obligatorio en San Pedro Sula y La Ceiba.",
        today + timedelta(days=30),
        status="in_progress",
    )
    action(
        training,
        "labour",
        "Incluir a inspectores de trabajo en las ediciones del curso.",
        today + timedelta(days=45),
    )

    local = committees["local"]
    next_week = today + timedelta(days=7)
    upcoming = Meeting.objects.create(
        committee=local,
        year=next_week.year,
        number=1,
        title="Sesión ordinaria",
        starts_at=_at(next_week, 14),
        place="Alcaldía de San Pedro Sula, sala de cabildo",
    )
    AgendaItem.objects.create(meeting=upcoming, order=1, title="Mapa local de servicios")
    AgendaItem.objects.create(
        meeting=upcoming, order=2, title="Casos de trabajo infantil en fincas de Cortés"
    )


def _cooperation(inst: dict[str, Institution], today: date) -> None:
    from ruta.coordination.models import CooperationAgreement

    agreement = CooperationAgreement.objects.create(
        institution=inst["cicesct"],
        kind="agreement",
        reference="CICESCT-CONV-2024-03",
        title="Convenio de cooperación para la atención inmediata de víctimas",
        scope=(
            "Albergue temporal, atención psicológica y acompañamiento legal a víctimas "
            "derivadas por el ERI."
        ),
        signed_on=today - timedelta(days=700),
        starts_on=today - timedelta(days=700),
        ends_on=today + timedelta(days=30),
        renewal_on=today + timedelta(days=14),
        status="in_force",
    )
    agreement.parties.add(inst["cicesct"], inst["shelter_1"], inst["ngo"])
    memorandum = CooperationAgreement.objects.create(
        institution=inst["cicesct"],
        kind="memorandum",
        reference="CICESCT-MOU-2025-01",
        title="Memorando de entendimiento sobre capacitación con el proyecto",
        signed_on=date(2025, 3, 1),
        starts_on=date(2025, 3, 1),
        ends_on=date(2028, 12, 31),
        renewal_on=date(2028, 10, 1),
        status="in_force",
    )
    memorandum.parties.add(inst["cicesct"], inst["partner"], inst["academy"])


# (code, parent code, level, title)
NODES = [
    ("1000", None, "ultimate", "Las víctimas de trata en Honduras acceden a protección y justicia"),
    ("1100", "1000", "intermediate", "Las instituciones responden a la trata de forma coordinada"),
    ("1110", "1100", "immediate", "Mejor identificación y atención inmediata de víctimas"),
    ("1120", "1100", "immediate", "Mayor eficacia de la persecución penal"),
    ("1111", "1110", "output", "Policías formados en identificación y primera respuesta"),
    ("1112", "1110", "output", "Hoja de ruta de derivación adoptada por las instituciones"),
    (
        "1121",
        "1120",
        "output",
        "Fiscales formados en investigación financiera y con enfoque en víctimas",
    ),
    ("1122", "1120", "output", "Comisión con seguimiento de acuerdos e información estadística"),
]
# (code, node, name, unit, direction, frequency, computation, baseline, targets by year)
INDICATORS = [
    (
        "1110.1",
        "1110",
        "Porcentaje de víctimas con primer contacto en 24 horas",
        "percent",
        "increase",
        "quarterly",
        "first_contact_24h",
        "55",
        {0: "80", 1: "90"},
    ),
    (
        "1110.2",
        "1110",
        "Porcentaje de derivaciones respondidas a tiempo",
        "percent",
        "increase",
        "quarterly",
        "referrals_answered_on_time",
        "60",
        {0: "85", 1: "90"},
    ),
    (
        "1111.1",
        "1111",
        "Policías certificados en el curso obligatorio",
        "number",
        "increase",
        "yearly",
        "officers_certified_mandatory",
        "0",
        {0: "40", 1: "120"},
    ),
    (
        "1111.2",
        "1111",
        "Módulos del currículo policial actualizados",
        "number",
        "increase",
        "yearly",
        "",
        "0",
        {0: "3", 1: "6"},
    ),
    (
        "1112.1",
        "1112",
        "Instituciones que adoptaron la hoja de ruta",
        "number",
        "increase",
        "yearly",
        "",
        "2",
        {0: "8", 1: "12"},
    ),
    (
        "1120.1",
        "1120",
        "Personas condenadas por trata y delitos conexos",
        "number",
        "increase",
        "yearly",
        "convictions",
        "3",
        {0: "6", 1: "10"},
    ),
    (
        "1121.1",
        "1121",
        "Fiscales formados en investigación financiera",
        "number",
        "increase",
        "yearly",
        "",
        "0",
        {0: "25", 1: "50"},
    ),
    (
        "1122.1",
        "1122",
        "Porcentaje de acuerdos de la comisión cumplidos a tiempo",
        "percent",
        "increase",
        "quarterly",
        "",
        "40",
        {0: "70", 1: "85"},
    ),
]


def _logic_model(inst: dict[str, Institution], today: date):
    from ruta.coordination.models import Committee
    from ruta.results.models import (
        Indicator,
        Measurement,
        Narrative,
        ResultNode,
        ResultsFramework,
        Target,
    )
    from ruta.results.periods import containing
    from ruta.results.registry import REGISTRY

    year = today.year
    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="pfc-honduras",
        title="Proyecto de fortalecimiento de capacidades contra la trata de personas",
        description=(
            "Modelo lógico y marco de medición del desempeño del proyecto financiado por "
            "Canadá con la CICESCT y las instituciones de respuesta."
        ),
        institution=inst["partner"],
        committee=Committee.objects.get(acronym="CD-PFC"),
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 2, 12, 31),
        iati_identifier="CA-3-D000123001",
        iati_reporting_org="CA-3",
    )
    nodes: dict[str, ResultNode] = {}
    for order, (code, parent, level, title) in enumerate(NODES):
        nodes[code] = ResultNode.objects.create(
            framework=framework,
            parent=nodes.get(parent) if parent else None,
            level=level,
            code=code,
            title=title,
            order=order,
        )
    nodes["1111"].responsible_institutions.add(inst["academy"])
    nodes["1121"].responsible_institutions.add(inst["prosecution"])
    nodes["1122"].responsible_institutions.add(inst["cicesct"])
    responsible = {"1111.2": "academy", "1112.1": "cicesct", "1121.1": "prosecution"}
    responsible["1122.1"] = "cicesct"
    analyst = User.objects.filter(username="analista.me").first()
    for order, row in enumerate(INDICATORS):
        code, node, name, unit, direction, frequency, computation, base, targets = row
        indicator = Indicator.objects.create(
            framework=framework,
            result=nodes[node],
            code=code,
            name=name,
            unit=unit,
            direction=direction,
            frequency=frequency,
            computation=computation if computation in REGISTRY else "",
            baseline_value=Decimal(base),
            baseline_on=date(year - 1, 1, 1),
            disaggregations=["sex"] if computation in ("officers_certified_mandatory",) else [],
            data_source="Registros de Ruta" if computation else "Informes de las instituciones",
            collection_method="Cálculo automático" if computation else "Registro manual",
            responsible_institution=inst[responsible[code]] if code in responsible else None,
            order=order,
        )
        for offset, value in targets.items():
            if frequency == "yearly":
                Target.objects.create(
                    indicator=indicator, period=str(year + offset), value=Decimal(value)
                )
            else:
                for quarter in range(1, 5):
                    Target.objects.create(
                        indicator=indicator,
                        period=f"{year + offset}Q{quarter}",
                        value=Decimal(value),
                    )
        if not indicator.computation:
            manual = {
                "1111.2": [(str(year - 1), "1"), (str(year), "2")],
                "1112.1": [(str(year - 1), "4"), (str(year), "7")],
                "1121.1": [(str(year - 1), "8"), (str(year), "19")],
                "1122.1": [
                    (containing(_month_back(today, 9), "quarterly"), "50"),
                    (containing(_month_back(today, 6), "quarterly"), "60"),
                    (containing(_month_back(today, 3), "quarterly"), "58"),
                ],
            }.get(code, [])
            for period, value in manual:
                Measurement.objects.create(
                    indicator=indicator,
                    period=period,
                    value=Decimal(value),
                    source="manual",
                    evidence="Informe trimestral de la institución responsable, archivado "
                    "por la unidad de monitoreo del proyecto.",
                    entered_by=analyst,
                )
    Narrative.objects.create(
        framework=framework,
        result=nodes["1110"],
        period=str(year),
        progress=(
            "Dos ediciones del curso de primera respuesta certificaron a agentes de la DPI, "
            "fiscales y técnicos de SENAF; el ERI mantiene el primer contacto en 24 horas en "
            "la mayoría de los casos."
        ),
        risks="Rotación de personal policial formado; se mitiga con la formación de formadores.",
    )
    Narrative.objects.create(
        framework=framework,
        result=nodes["1120"],
        period=str(year),
        progress="Se sostienen las condenas en casación; la reparación se paga en parte.",
        risks="Demoras en audiencias por la carga de los tribunales.",
    )
    return framework


ELEMENTS = [
    ("victimas", "Víctimas rescatadas en operativos", "sex_age"),
    ("operativos", "Operativos realizados", "none"),
    ("detenidos", "Personas detenidas por trata", "sex"),
    ("derivadas", "Víctimas derivadas al ERI", "none"),
]
# (girls, boys, women, men), operations, (female, male) arrested, referred
MONTHS = [
    ((2, 0, 3, 1), 4, (1, 3), 5),
    ((1, 1, 2, 0), 3, (0, 2), 4),
    ((3, 0, 4, 2), 6, (2, 4), 8),
    ((0, 1, 1, 0), 2, (0, 1), 2),
]


def _police_return(inst: dict[str, Institution], today: date) -> None:
    from ruta.results.models import DataElement, DataReturn, DataSet, DataValue, ValidationRule
    from ruta.results.periods import containing

    secretary = User.objects.filter(username="secretaria.cicesct").first()
    reporter = User.objects.filter(username="investigador.dpi").first()
    months = [containing(_month_back(today, n), "monthly") for n in (4, 3, 2, 1)]
    data_set = DataSet.objects.create(
        code="policia-mensual",
        name="Estadística policial mensual de trata de personas",
        description="Acuerdo del pleno: cada institución policial reporta dentro de los diez "
        "días siguientes al cierre del mes.",
        institution=inst["cicesct"],
        period_type="monthly",
        first_period=months[0],
        due_days=10,
    )
    data_set.reporting_institutions.add(inst["police"], inst["police_dnpsc"])
    elements = {
        code: DataElement.objects.create(
            data_set=data_set,
            code=code,
            name=name,
            disaggregation=breakdown,
            order=order,
            min_value=Decimal(0),
        )
        for order, (code, name, breakdown) in enumerate(ELEMENTS)
    }
    ValidationRule.objects.create(
        data_set=data_set,
        left=elements["derivadas"],
        operator="lte",
        right=elements["victimas"],
    )
    now = timezone.now()

    def fill(institution, period, figures, status):
        victims, operations, arrested, referred = figures
        cells = [
            *(
                (elements["victimas"], c, v)
                for c, v in zip(("girls", "boys", "women", "men"), victims, strict=True)
            ),
            (elements["operativos"], "", operations),
            *(
                (elements["detenidos"], c, v)
                for c, v in zip(("female", "male"), arrested, strict=True)
            ),
            (elements["derivadas"], "", referred),
        ]
        r = DataReturn.objects.create(
            data_set=data_set,
            institution=institution,
            period=period,
            status=status,
            filled_cells=len(cells),
            expected_cells=len(cells),
            submitted_at=now if status != "draft" else None,
            submitted_by=reporter if institution == inst["police"] else None,
            reviewed_at=now if status == "approved" else None,
            reviewed_by=secretary if status == "approved" else None,
        )
        DataValue.objects.bulk_create(
            DataValue(data_return=r, element=e, category=c, value=Decimal(v)) for e, c, v in cells
        )

    for period, figures in zip(months, MONTHS, strict=True):
        last = period == months[-1]
        fill(inst["police"], period, figures, "submitted" if last else "approved")
        if not last:  # the DNPSC has not sent last month's return: overdue
            fill(inst["police_dnpsc"], period, ((0, 0, 1, 0), 1, (0, 1), 1), "approved")


def _recompute(actor_of: Callable[[str], Actor], framework, today: date) -> None:
    """The computed indicators, from the demo's own records, as the M&E analyst would."""
    from ruta.results.services.recompute import framework_recompute

    analyst = actor_of("analista.me")
    for year in (today.year - 1, today.year):
        framework_recompute(actor=analyst, framework=framework, period=str(year))
