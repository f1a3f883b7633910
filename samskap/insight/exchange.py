"""REFI-QDA exchange: the process's codebook and released texts out to other QDA software,
and codebooks and projects in.

Exports carry only what may leave: released (pseudonymised) texts, the codebook, codings with
coders as "Coder 1", "Coder 2"…, and each source's kind, role category and municipality as
variables. Never originals, real names of staff, memos (free text that nobody reviewed for
personal data) or the pseudonym key. Imported texts are treated like any new source: they
wait for the personal-data review before anyone codes them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.analysis import refiqda
from samskap.core.audit import audit_record
from samskap.core.models import User
from samskap.core.permissions import Capability, can_in_process
from samskap.insight import services
from samskap.insight.models import Code, Coding, SourceKind
from samskap.processes.models import Process

# Stable guids for things that have none of their own, so a second export matches the first.
GUID_NAMESPACE = uuid.UUID("6f1c8f0e-2f55-5d0c-9a43-2d0f6f0c5a11")
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Each text is searched for personal data inside the import's one transaction: keep it short.
MAX_IMPORT_TEXTS = 100
MAX_IMPORT_CHARACTERS = 5_000_000
IMPORT_LIMITS = refiqda.Limits(
    archive_bytes=MAX_IMPORT_BYTES,
    members=2000,
    total_uncompressed=200 * 1024 * 1024,
    member_uncompressed=20 * 1024 * 1024,
)

# Messages for the reasons refiqda gives, in the user's language.
IMPORT_ERRORS = {
    "not_zip": gettext_lazy("This is not a REFI-QDA project (.qdpx): it is not a ZIP archive."),
    "zip_bomb": gettext_lazy("The archive unpacks to far more than its size: it is refused."),
    "too_large": gettext_lazy("The file is too large."),
    "unsafe_path": gettext_lazy("The archive holds a file with an unsafe name: it is refused."),
    "xml_dtd": gettext_lazy("The file declares XML entities, which are not allowed: it is refused."),
    "xml_invalid": gettext_lazy("The file is not well-formed XML."),
    "schema_invalid": gettext_lazy("The file does not follow the REFI-QDA standard."),
    "unsupported_namespace": gettext_lazy(
        "This file is not in the standard REFI-QDA format, but in an older or a program's own variant."
    ),
    "no_project": gettext_lazy("The archive holds no project file (project.qde)."),
}


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join(str(p) for p in parts)))


def _codebook(process: Process) -> refiqda.Codebook:
    codes = list(process.codes.order_by("name", "pk"))
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def build(code: Code) -> refiqda.Code:
        return refiqda.Code(
            guid=str(code.guid),
            name=code.name,
            is_codable=code.codable,
            color=code.colour,
            description=code.description,
            codes=tuple(build(child) for child in children.get(code.pk, [])),
        )

    return refiqda.Codebook(codes=tuple(build(c) for c in children.get(None, [])), origin="Samskap")


def _may_export(actor: User, process: Process) -> None:
    if not can_in_process(actor, process, Capability.ANALYSE):
        raise PermissionDenied


def codebook_export_qdc(*, actor: User, process: Process) -> bytes:
    _may_export(actor, process)
    data = refiqda.write_qdc(_codebook(process))
    with transaction.atomic():
        audit_record(
            action="insight.export_codebook",
            actor=actor,
            organisation_id=process.organisation_id,
            process_id=process.pk,
        )
    return data


def project_export_qdpx(*, actor: User, process: Process) -> bytes:
    """The process's released sources, codebook and codings as a `.qdpx` archive."""
    _may_export(actor, process)
    sources = list(process.sources.filter(status="released").order_by("pk"))
    codings = list(
        Coding.objects.filter(source__in=sources).order_by("source_id", "start", "end", "code_id", "coder_id")
    )
    coder_ids = sorted({c.coder_id for c in codings})
    users = [refiqda.User(guid=_guid("coder", process.pk, pk), name=f"Coder {n}") for n, pk in enumerate(coder_ids, 1)]
    coder_guid = {pk: user.guid for pk, user in zip(coder_ids, users, strict=True)}
    codes = {c.pk: str(c.guid) for c in process.codes.all()}
    variables = (
        refiqda.Variable(guid=_guid("variable", process.pk, "kind"), name="kind"),
        refiqda.Variable(guid=_guid("variable", process.pk, "role"), name="role"),
        refiqda.Variable(guid=_guid("variable", process.pk, "municipality"), name="municipality"),
    )
    text_sources: list[refiqda.TextSource] = []
    for source in sources:
        spans: dict[tuple[int, int], list[Coding]] = {}
        for coding in (c for c in codings if c.source_id == source.pk):
            spans.setdefault((coding.start, coding.end), []).append(coding)
        selections = tuple(
            refiqda.Selection(
                start=start,
                end=end,
                guid=_guid("selection", source.pk, start, end),
                codings=tuple(
                    refiqda.Coding(
                        code=codes[c.code_id], creating_user=coder_guid[c.coder_id], guid=_guid("coding", c.pk)
                    )
                    for c in group
                ),
            )
            for (start, end), group in sorted(spans.items())
        )
        values = (
            refiqda.VariableValue(variables[0].guid, "Text", source.kind),
            refiqda.VariableValue(variables[1].guid, "Text", source.person_category or "-"),
            refiqda.VariableValue(variables[2].guid, "Text", source.municipality or "-"),
        )
        text_sources.append(
            refiqda.TextSource(
                guid=_guid("source", source.pk),
                name=source.title,
                text=source.released_text,
                selections=selections,
                variable_values=values,
            )
        )
    case_variables, cases = _cases(process, {s.pk for s in sources})
    project = refiqda.Project(
        name=process.title,
        origin="Samskap",
        users=tuple(users),
        codebook=_codebook(process),
        variables=variables + case_variables,
        cases=cases,
        sources=tuple(text_sources),
    )
    data = refiqda.write_qdpx(project)
    with transaction.atomic():
        audit_record(
            action="insight.export_project",
            actor=actor,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            detail={"sources": len(sources), "codings": len(codings)},
        )
    return data


REFI_TYPES = {"text": "Text", "number": "Integer", "choice": "Text", "date": "Date"}


def _cases(process: Process, released: set[int]) -> tuple[tuple[refiqda.Variable, ...], tuple[refiqda.Case, ...]]:
    """The process's cases (labels, never names) with their typed values and released sources."""
    variables = list(process.case_variables.all())
    guid = {v.pk: _guid("case-variable", v.pk) for v in variables}
    kinds = {v.pk: REFI_TYPES[v.kind] for v in variables}
    exported = tuple(refiqda.Variable(guid=guid[v.pk], name=v.name, type=kinds[v.pk]) for v in variables)
    cases = tuple(
        refiqda.Case(
            guid=_guid("case", case.pk),
            name=case.label,
            variable_values=tuple(
                refiqda.VariableValue(guid[value.variable_id], kinds[value.variable_id], value.value)
                for value in case.values.all()
            ),
            source_refs=tuple(_guid("source", s.pk) for s in case.sources.all() if s.pk in released),
        )
        for case in process.cases.prefetch_related("values", "sources")
    )
    return exported, cases


@dataclass
class ImportResult:
    codes: int = 0
    codes_existing: int = 0
    sources: int = 0
    codings_left_out: int = 0
    codings_waiting: int = 0  # applied when their text is released
    warnings: list[str] = field(default_factory=list)


def _import_codes(actor: User, process: Process, codebook: refiqda.Codebook, result: ImportResult) -> dict[str, Code]:
    """The codebook's codes into the process; returns our code for each of the file's guids."""
    by_guid: dict[str, Code] = {}

    def add(code: refiqda.Code, parent: Code | None) -> None:
        name = code.name.strip()[:100] or "?"
        existing = Code.objects.filter(process=process, parent=parent, name=name).first()
        if existing is None:
            try:
                guid = uuid.UUID(code.guid)
            except ValueError:
                guid = uuid.uuid4()
            if Code.objects.filter(guid=guid).exists():
                guid = uuid.uuid4()  # the same codebook imported into a second process
            colour = code.color if code.color and re.fullmatch(r"#[0-9A-Fa-f]{6}", code.color) else "#1E6BB8"
            existing = services.code_create(
                actor=actor,
                process=process,
                name=name,
                parent=parent,
                description=code.description[:3000],
                colour=colour,
                codable=code.is_codable,
                guid=guid,
            )
            result.codes += 1
        else:
            result.codes_existing += 1
        by_guid[code.guid] = existing
        for child in code.codes:
            add(child, existing)

    for code in codebook.codes:
        add(code, None)
    return by_guid


def refiqda_import(*, actor: User, process: Process, data: bytes, filename: str) -> ImportResult:
    """A `.qdc` codebook or a `.qdpx` project (or its bare `.qde`) into the process, all or
    nothing. A project's texts arrive as new sources waiting for the personal-data review; their
    codings wait with them and are moved through the pseudonymisation at release."""
    if not can_in_process(actor, process, Capability.ANALYSE):
        raise PermissionDenied
    is_xml = data.lstrip()[:1] == b"<"
    # A bare project file (.qde) without its archive: its codebook and any texts it holds inline.
    is_bare_project = filename.lower().endswith(".qde") or (is_xml and b"<Project" in data[:4096])
    is_codebook = not is_bare_project and (filename.lower().endswith(".qdc") or is_xml)
    if not is_codebook and not can_in_process(actor, process, Capability.INTERVIEW):
        raise PermissionDenied
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    codebook: refiqda.Codebook | None
    project: refiqda.Project | None
    try:
        if is_codebook:
            codebook, project = refiqda.read_qdc(data, limits=IMPORT_LIMITS), None
        elif is_bare_project:
            project = refiqda.read_qde(data, limits=IMPORT_LIMITS)
            codebook = project.codebook
        else:
            project = refiqda.read_qdpx(data, limits=IMPORT_LIMITS)
            codebook = project.codebook
    except refiqda.RefiQdaError as error:
        message = IMPORT_ERRORS.get(error.code)
        raise ValidationError(
            str(message) if message else _("The file cannot be imported: %(reason)s") % {"reason": str(error)}
        ) from error
    if project is not None:
        texts = [t.text for t in project.sources if t.text and t.text.strip()]
        if len(texts) > MAX_IMPORT_TEXTS or sum(len(t) for t in texts) > MAX_IMPORT_CHARACTERS:
            raise ValidationError(
                _("The project holds more than %(n)d texts or 5 million characters: import it in parts.")
                % {"n": MAX_IMPORT_TEXTS}
            )
    result = ImportResult()
    with transaction.atomic():
        codes = _import_codes(actor, process, codebook, result) if codebook is not None else {}
        if project is not None:
            result.warnings.extend(project.warnings)
            language = process.organisation.default_language
            for text_source in project.sources:
                if not text_source.text or not text_source.text.strip():
                    continue
                title = (text_source.name or "").strip()[:200]
                try:
                    services.refuse_personal_data(title, "")
                except ValidationError:
                    title = ""
                source = services.source_create(
                    actor=actor,
                    process=process,
                    kind=SourceKind.IMPORTED,
                    title=title or _("Imported text %(n)d") % {"n": result.sources + 1},
                    language=language,
                    text=text_source.text,
                )
                result.sources += 1
                # Offsets move by what source_create stripped from the start of the text.
                lead = len(text_source.text) - len(text_source.text.lstrip())
                pending = []
                for selection in text_source.selections:
                    start = max(0, selection.start - lead)
                    end = min(len(source.original_text), selection.end - lead)
                    for coding in selection.codings:
                        code = codes.get(coding.code)
                        if code is None or not code.codable or start >= end:
                            result.codings_left_out += 1
                        else:
                            pending.append({"code": code.pk, "coder": actor.pk, "start": start, "end": end})
                result.codings_left_out += len(text_source.codings)  # codings of a whole source
                result.codings_waiting += len(pending)
                if pending:
                    source.imported_codings = pending
                    source.save(update_fields=["imported_codings"])
        audit_record(
            action="insight.import",
            actor=actor,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            detail={"codes": result.codes, "sources": result.sources},
        )
    return result
