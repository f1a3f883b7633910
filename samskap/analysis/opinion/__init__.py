"""Opinion maps: Pol.is' math for agree / disagree / pass votes on short statements.

Pure computation, no Django. `opinion_compute(votes, moderated_out=..., state=...)` runs one
update and returns an `OpinionResult` whose `.state` starts the next; `read_polis_export(dir)`
and `write_polis_export(dir, ...)` read and write Pol.is' open-data export folders.
Command line: `python -m samskap opinion DIR [--json]`.
"""

from samskap.analysis.opinion.engine import (
    OpinionInputError,
    OpinionResult,
    OpinionState,
    VoteTable,
    opinion_compute,
)
from samskap.analysis.opinion.polis_format import (
    PolisExport,
    PolisFormatError,
    PolisStatement,
    compute_export,
    polis_export_files,
    read_polis_export,
)
from samskap.analysis.opinion.stats import ConsensusStatement, RepresentativeStatement

__all__ = [
    "ConsensusStatement",
    "OpinionInputError",
    "OpinionResult",
    "OpinionState",
    "PolisExport",
    "PolisFormatError",
    "PolisStatement",
    "RepresentativeStatement",
    "VoteTable",
    "compute_export",
    "opinion_compute",
    "polis_export_files",
    "read_polis_export",
]
