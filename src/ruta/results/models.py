"""Results: the results frameworks (the project's logic model and the national action plan,
one model for both), their indicators with baselines and targets, the measurements (computed
from Ruta's records by a named computation, or entered by hand with evidence), narratives for
the donor report, and the periodic statistical returns (data sets, data elements, validation
rules, one return per institution and period with its values).

Periods are DHIS2's ISO strings (``results.periods``): ``202603``, ``2026Q1``, ``2026``.
A measurement is never overwritten: a new one marks the previous one of the same indicator,
period and disaggregation as no longer current (a partial unique index keeps one current)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ruta.core.models import BaseModel, VersionedModel
from ruta.results.choices import (
    Direction,
    FrameworkKind,
    Level,
    PeriodType,
    ReturnStatus,
    RuleOperator,
    Source,
    Unit,
    ValueDisaggregation,
)


class ResultsFramework(VersionedModel):
    kind = models.CharField(_("type"), max_length=14, choices=FrameworkKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    # The committee that follows it (the project's steering committee): its member
    # institutions read the framework.
    committee = models.ForeignKey(
        "coordination.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("followed by"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # IATI: the activity's identifier and its reporting organisation.
    iati_identifier = models.CharField(_("IATI activity identifier"), max_length=100, blank=True)
    iati_reporting_org = models.CharField(
        _("IATI reporting organisation identifier"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("results framework")
        verbose_name_plural = _("results frameworks")

    def __str__(self) -> str:
        return self.title


class ResultNode(BaseModel):
    """An outcome, output or activity (logic model), or an axis, objective or action (plan)."""

    framework = models.ForeignKey(ResultsFramework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    responsible_institutions = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("responsible institutions"),
    )

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="result_node_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(VersionedModel):
    framework = models.ForeignKey(
        ResultsFramework, on_delete=models.CASCADE, related_name="indicators"
    )
    result = models.ForeignKey(
        ResultNode, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("result")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=400)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    collection_method = models.CharField(_("collection method"), max_length=300, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=PeriodType.choices)
    responsible_institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    # A code of the computations registry (results.computations); blank: entered by hand.
    computation = models.CharField(_("computed as"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)


class Target(BaseModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=8)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique_period")
        ]


class Measurement(BaseModel):
    """An indicator's value for a period (and a disaggregation cell, "" for the total)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=8)
    # "" is the total; otherwise "<disaggregation>:<cell>", e.g. "sex:female", "department:HN-CR".
    cell = models.CharField(_("disaggregation"), max_length=60, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["indicator", "period", "cell", "-created_at"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "cell"],
                condition=Q(is_current=True),
                name="measurement_one_current",
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period"],
                condition=Q(is_current=True),
                name="measurement_current",
            )
        ]


class Narrative(VersionedModel):
    """The donor report's narrative of a result (or of the whole framework) for a period."""

    framework = models.ForeignKey(
        ResultsFramework, on_delete=models.CASCADE, related_name="narratives"
    )
    result = models.ForeignKey(
        ResultNode, null=True, blank=True, on_delete=models.CASCADE, related_name="narratives"
    )
    period = models.CharField(_("period"), max_length=8)
    progress = models.TextField(_("progress"), blank=True)
    risks = models.TextField(_("risks and mitigation"), blank=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "result", "period"],
                name="narrative_unique",
                nulls_distinct=False,
            )
        ]


# --- Periodic returns ------------------------------------------------------------------------
class DataSet(VersionedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The institution that collects and approves (the commission's secretariat).
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collected by"),
    )
    period_type = models.CharField(_("period"), max_length=10, choices=PeriodType.choices)
    first_period = models.CharField(_("first period"), max_length=8)
    due_days = models.PositiveSmallIntegerField(_("days after the period to report"), default=10)
    reporting_institutions = models.ManyToManyField(
        "institutions.Institution",
        related_name="+",
        verbose_name=_("reporting institutions"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")

    def __str__(self) -> str:
        return self.name


class DataElement(BaseModel):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="elements")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    disaggregation = models.CharField(
        _("breakdown"),
        max_length=8,
        choices=ValueDisaggregation.choices,
        default=ValueDisaggregation.NONE,
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["data_set", "order", "code"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        constraints = [
            models.UniqueConstraint(fields=["data_set", "code"], name="data_element_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class ValidationRule(BaseModel):
    """``left`` (its total) compared to ``right`` (its total), e.g. referred <= identified."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    operator = models.CharField(_("operator"), max_length=3, choices=RuleOperator.choices)
    right = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")


class DataReturn(VersionedModel):
    """One institution's return of a data set for one period."""

    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="returns")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    period = models.CharField(_("period"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    # Completeness, copied by the service that saves values: cells filled of cells expected.
    filled_cells = models.PositiveIntegerField(default=0)
    expected_cells = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-period", "data_set", "institution__name"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "institution", "period"], name="return_unique_period"
            )
        ]
        indexes = [models.Index(fields=["institution", "status"], name="return_inst_status")]


class DataValue(models.Model):
    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=10, blank=True, default="")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "element", "category"], name="data_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.element_id}/{self.category}: {self.value}"
