"""Public statistics kept with their provenance, comparisons of municipalities built from
them, and the comparison matrix of how municipalities organise their services.

An imported table (`Dataset`) belongs to the organisation that imported it and keeps what
it came from: source, table id, query, fetch time, unit and footnotes. Its figures
(`Figure`) are stored as they came, flags and all; everything that leaves the organisation
is computed from them through `samskap.analysis.statistics`, which normalises per
inhabitants and suppresses small counts (see `selectors.comparison_table`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Organisation, User
from samskap.processes.models import Process

TITLE_MAX = 300


class DatasetKind(models.TextChoices):
    INDICATOR = "indicator", _("Indicator")
    POPULATION = "population", _("Population table")


class Dataset(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="statistics_datasets")
    kind = models.CharField(_("kind"), max_length=12, choices=DatasetKind.choices, default=DatasetKind.INDICATOR)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    source = models.CharField(_("source"), max_length=100, blank=True)
    format = models.CharField(_("format"), max_length=20)
    table_id = models.CharField(_("table id"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    query = models.TextField(_("query"), max_length=4000, blank=True)
    fetched_at = models.CharField(_("fetched"), max_length=40, blank=True)
    updated = models.CharField(_("updated at the source"), max_length=40, blank=True)
    footnotes = models.JSONField(default=list, blank=True)
    # [{"period": "2024", "indicator": "", "note": "…"}]
    series_breaks = models.JSONField(default=list, blank=True)
    # Counts of people: every figure ≤ 5 is suppressed wherever it leaves the organisation.
    counts_people = models.BooleanField(_("the figures are counts of people"), default=False)
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Figure(models.Model):
    """One cell of an imported table, as published: `value` is None when missing or
    suppressed at the source, with the source's symbol in `flag`."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="figures")
    # One series: an indicator with one choice in every other dimension.
    series = models.CharField(max_length=64)
    indicator = models.CharField(max_length=200, blank=True)
    indicator_name = models.CharField(max_length=TITLE_MAX, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    dimensions = models.JSONField(default=list, blank=True)  # [["Kjønn", "Begge kjønn"], …]
    region_code = models.CharField(max_length=40, blank=True)
    region_name = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=40)
    value = models.FloatField(null=True, blank=True)
    flag = models.CharField(max_length=40, blank=True)
    series_break = models.BooleanField(default=False)

    class Meta:
        ordering = ["dataset_id", "pk"]
        indexes = [models.Index(fields=["dataset", "series"], name="statistics_figure_series")]

    def __str__(self) -> str:
        return f"{self.region_name} {self.period}: {self.value}"


class PerInhabitants(models.IntegerChoices):
    AS_PUBLISHED = 0, _("As published")
    PER_1000 = 1000, _("Per 1,000 inhabitants")
    PER_10000 = 10000, _("Per 10,000 inhabitants")


class Comparison(models.Model):
    """Chosen municipalities side by side on one series of one table, with the national
    figure for reference. The first region is the process's own municipality."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="statistics_comparisons")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="comparisons")
    series = models.CharField(max_length=64)
    regions = models.JSONField(default=list)  # region keys, own municipality first
    national_region = models.CharField(max_length=40, blank=True)
    per = models.PositiveIntegerField(_("figures"), choices=PerInhabitants.choices, default=0)
    population = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.PROTECT, related_name="population_for"
    )
    note = models.TextField(_("what it shows"), max_length=3000, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    DOCUMENT = "document", _("Document")
    STATISTIC = "statistic", _("Statistic")
    OBSERVATION = "observation", _("Observation")
    OTHER = "other", _("Other")


class Matrix(models.Model):
    """How the municipalities organise their services: one row per dimension, one column
    per municipality, each cell a short text with its source."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="comparison_matrices")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = _("comparison matrices")

    def __str__(self) -> str:
        return self.title


class MatrixColumn(models.Model):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("municipality"), max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["matrix_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "position"], name="matrix_column_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class MatrixRow(models.Model):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="rows")
    name = models.CharField(_("dimension"), max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["matrix_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "position"], name="matrix_row_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class MatrixCell(models.Model):
    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(MatrixColumn, on_delete=models.CASCADE, related_name="cells")
    text = models.CharField(_("text"), max_length=600)
    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    source_note = models.CharField(_("source reference"), max_length=300, blank=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["row_id", "column_id"]
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="matrix_cell_unique_place"),
        ]

    def __str__(self) -> str:
        return self.text
