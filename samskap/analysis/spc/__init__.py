"""Statistical process control (SPC): run charts and Shewhart/Laney control charts.

Pure computation, no Django: a series and its chart settings in, a read-only `ChartResult` out.

- Charts: run (median), I (XmR), MR, Xbar, S, P, P′ (Laney), U, U′ (Laney), C, G, T.
- Options: freeze a baseline, split into parts, exclude points, multiply, screened moving ranges.
- Rule sets, chosen per chart: "anhoej" — the Anhøj runs rules plus Shewhart 3σ, as the R
  package qicharts2 does; "mdc" — NHS England's Making Data Count (2.66·AMR limits, outside
  limits, 2 of 3 near a limit, shift of 7, trend of 7, point types and icons).

The results reproduce qicharts2 0.8.1 and NHSRplotthedots 0.2.2 on the shared test vectors;
`shared/data/spc/README.md` states the conventions (screening, parts, freeze, exclude, multiply).
Entry points: `spc_chart(y, n, chart=..., ...)`, or `compute_chart(ChartSpec(...), y, n)` when
the settings are stored with the chart.

    >>> result = spc_chart([3, 5, 4, 6, 5, 7, 6, 8], chart="i")
    >>> round(float(result.cl[0]), 3), result.parts[0].n_useful
    (5.5, 8)
"""

from samskap.analysis.spc.chart import compute_chart, spc_chart
from samskap.analysis.spc.model import (
    CHART_TYPES,
    IMPROVEMENTS,
    RULE_SETS,
    AssuranceIcon,
    ChartResult,
    ChartSpec,
    ChartType,
    Improvement,
    MdcResult,
    PartSummary,
    PointType,
    RuleSet,
    SpcInputError,
    SpecialCauseType,
    VariationIcon,
)
from samskap.analysis.spc.runs import longest_run_max, n_crossings_min

__all__ = [
    "CHART_TYPES",
    "IMPROVEMENTS",
    "RULE_SETS",
    "AssuranceIcon",
    "ChartResult",
    "ChartSpec",
    "ChartType",
    "Improvement",
    "MdcResult",
    "PartSummary",
    "PointType",
    "RuleSet",
    "SpcInputError",
    "SpecialCauseType",
    "VariationIcon",
    "compute_chart",
    "longest_run_max",
    "n_crossings_min",
    "spc_chart",
]
