"""Code lists of the results framework and the periodic returns."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkKind(models.TextChoices):
    LOGIC_MODEL = "logic_model", _("Project logic model")
    NATIONAL_PLAN = "national_plan", _("National action plan")


class Level(models.TextChoices):
    """Results-based management terms (logic model) and the national plan's levels."""

    ULTIMATE_OUTCOME = "ultimate", _("Ultimate outcome")
    INTERMEDIATE_OUTCOME = "intermediate", _("Intermediate outcome")
    IMMEDIATE_OUTCOME = "immediate", _("Immediate outcome")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")
    AXIS = "axis", _("Strategic axis")
    OBJECTIVE = "objective", _("Objective")
    ACTION = "action", _("Action")


# The levels of each kind of framework, from the top; a node's parent is one level up.
LEVELS = {
    FrameworkKind.LOGIC_MODEL: (
        Level.ULTIMATE_OUTCOME,
        Level.INTERMEDIATE_OUTCOME,
        Level.IMMEDIATE_OUTCOME,
        Level.OUTPUT,
        Level.ACTIVITY,
    ),
    FrameworkKind.NATIONAL_PLAN: (Level.AXIS, Level.OBJECTIVE, Level.ACTION),
}


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    DAYS = "days", _("Days")
    HOURS = "hours", _("Hours")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")
    MAINTAIN = "maintain", _("Keep at the target")


class Disaggregation(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE = "age", _("Age cell")
    INSTITUTION = "institution", _("Institution")
    DEPARTMENT = "department", _("Department")


class PeriodType(models.TextChoices):
    """DHIS2's ISO period formats: 202603 (month), 2026Q1 (quarter), 2026 (year)."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed from Ruta's records")
    MANUAL = "manual", _("Entered by hand")


class Light(models.TextChoices):
    """Traffic light against the period's target."""

    GREEN = "green", _("On track")
    AMBER = "amber", _("Needs attention")
    RED = "red", _("Off track")
    NONE = "none", _("No target or no value")


class ValueDisaggregation(models.TextChoices):
    """How a data element of a periodic return is broken down."""

    NONE = "none", _("Total only")
    SEX = "sex", _("By sex")
    AGE = "age", _("Children and adults")
    SEX_AGE = "sex_age", _("Girls, boys, women, men")


# The cells of each breakdown (category option codes).
CATEGORIES = {
    ValueDisaggregation.NONE: ("",),
    ValueDisaggregation.SEX: ("female", "male"),
    ValueDisaggregation.AGE: ("child", "adult"),
    ValueDisaggregation.SEX_AGE: ("girls", "boys", "women", "men"),
}


class RuleOperator(models.TextChoices):
    LTE = "lte", _("is at most")
    GTE = "gte", _("is at least")
    EQ = "eq", _("equals")


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
