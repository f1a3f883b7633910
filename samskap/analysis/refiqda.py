"""Reading and writing REFI-QDA exchange files: `.qdpx` projects and `.qdc` codebooks.

REFI-QDA 1.5 (Rotterdam Exchange Format Initiative) is the exchange standard of qualitative
data analysis software. A `.qdc` is one XML codebook (namespace `urn:QDA-XML:codebook:1.0`); a
`.qdpx` is a ZIP holding one project file (`project.qde`, namespace `urn:QDA-XML:project:1.0`)
and a flat `sources/` folder of files named `<guid>.<ext>` and referred to as `internal://`.
Text selections are 0-based code-point offsets into the UTF-8 plain text, end exclusive, which
is what Python string indices are.

Reading treats every file as hostile, and refuses with `RefiQdaError` (its `code` names the
reason, for the caller to translate; its message is one short English sentence):

- ZIP archives are checked before anything is decompressed, against `Limits`: archive size,
  member count, declared total and per-member uncompressed size, and compression ratio (zip
  bombs); member names that are absolute, have a drive letter or a `..` part, symbolic links,
  encrypted and duplicate members are refused. Members are only ever read into memory, never
  written to disk, and reads stop at the declared size. Only the project file and the text
  files it refers to are read.
- XML is parsed with expat directly: a document type declaration is refused outright, so no
  entity can be declared (no billion laughs) and none can be fetched (no XXE). Nesting is
  limited, so validation cannot exhaust the stack.
- Every document is validated against the REFI-QDA schemas in `data/refi-qda/` (MIT, REFI).
  Documents in another namespace, such as ATLAS.ti 9's pre-standard `codebook:0:4`, are refused
  by name.
- Then the content: every coding must refer to a code of the codebook, every selection must lie
  inside its text, and each internal text file must be UTF-8.

The content is modelled as frozen dataclasses (`Project`, `Codebook`, `Code`, `TextSource`,
`Selection`, `Coding`, `User`, `Note`, `Case`, `Variable`, `VariableValue`). Guids are
normalised to lower case without braces. Date-times are kept as the xsd:dateTime text. Only
text sources are imported; pictures, PDFs, audio, video, links, sets and graphs are skipped,
and `Project.warnings` says what was skipped or could not be read (REFI-QDA §7 asks that the
user be told of any loss). A leading byte-order mark of a text file is dropped and not counted
in offsets.

Writing (`write_qdc`, `write_qdpx`) produces files that validate against the same schemas, or
raises `RefiQdaError` with code `export_invalid`. The output is deterministic: given guids are
kept, missing selection and coding guids are derived from their place in the project (uuid5),
and ZIP members have fixed names, order and time stamps. It carries no file-system paths: no
`basePath`, texts as `internal://<guid>.txt`, notes inline. The caller passes only
pseudonymised text and pseudonyms for users. Pure computation: no Django, no database.
"""

from __future__ import annotations

import io
import re
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat

import xmlschema

__all__ = [
    "CODEBOOK_NS",
    "DEFAULT_LIMITS",
    "PROJECT_NS",
    "Case",
    "Code",
    "Codebook",
    "Coding",
    "Limits",
    "Note",
    "Project",
    "RefiQdaError",
    "Selection",
    "TextSource",
    "User",
    "Variable",
    "VariableValue",
    "parse_xml",
    "project_xml",
    "read_qdc",
    "read_qde",
    "read_qdpx",
    "validate_qdc",
    "validate_qde",
    "write_qdc",
    "write_qdpx",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_SCHEMAS = Path(__file__).resolve().parent / "data" / "refi-qda"
_GUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")
# Namespace for the guids the writer derives: uuid5 of a fixed name, so they are stable.
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:samskap:refi-qda")
_VALUE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
_MIB = 1024 * 1024


class RefiQdaError(ValueError):
    """A REFI-QDA file that cannot be read or written. `code` is a stable short name of the
    reason (e.g. `not_zip`, `zip_bomb`, `unsafe_path`, `xml_dtd`, `schema_invalid`)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    """What an uploaded file may be. A ratio is checked for members larger than 1 MiB, where
    ordinary text and XML compress at most a few tens of times."""

    archive_bytes: int = 512 * _MIB
    members: int = 10_000
    total_uncompressed: int = 2048 * _MIB
    member_uncompressed: int = 64 * _MIB  # for the members that are read: the project and texts
    ratio: int = 100
    xml_depth: int = 200


DEFAULT_LIMITS = Limits()


# ----- the model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    is_codable: bool = True
    color: str | None = None  # "#RRGGBB" or "#RGB"
    description: str = ""
    codes: tuple[Code, ...] = ()  # sub-codes
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    codes: tuple[Code, ...]
    origin: str | None = None

    def walk(self) -> Iterator[Code]:
        """Every code, depth first, parents before children."""
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            yield code
            stack.extend(reversed(code.codes))


@dataclass(frozen=True)
class User:
    guid: str
    name: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str = "Text"  # Text, Boolean, Integer, Float, Date or DateTime
    description: str = ""


@dataclass(frozen=True)
class VariableValue:
    variable: str  # guid of the Variable
    type: str  # Text, Boolean, Integer, Float, Date or DateTime
    value: str  # as written in XML, e.g. "34", "true", "2024-01-15"


@dataclass(frozen=True)
class Coding:
    code: str  # guid of the Code
    creating_user: str | None = None  # the coder (a User guid)
    created: str | None = None
    guid: str = ""
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    start: int  # code points, end exclusive
    end: int
    codings: tuple[Coding, ...] = ()
    guid: str = ""
    name: str | None = None
    description: str = ""
    creating_user: str | None = None
    created: str | None = None
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSource:
    guid: str
    name: str | None = None
    text: str | None = None  # None when the file was not available
    selections: tuple[Selection, ...] = ()
    codings: tuple[Coding, ...] = ()  # codings of the whole source
    description: str = ""
    note_refs: tuple[str, ...] = ()
    variable_values: tuple[VariableValue, ...] = ()
    creating_user: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class Note:
    """A memo; attached to things by their `note_refs`."""

    guid: str
    name: str | None = None
    text: str | None = None
    description: str = ""
    creating_user: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class Case:
    guid: str
    name: str | None = None
    description: str = ""
    code_refs: tuple[str, ...] = ()
    variable_values: tuple[VariableValue, ...] = ()
    source_refs: tuple[str, ...] = ()
    selection_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    name: str
    origin: str | None = None
    creating_user: str | None = None
    created: str | None = None
    users: tuple[User, ...] = ()
    codebook: Codebook | None = None
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[TextSource, ...] = ()
    notes: tuple[Note, ...] = ()
    description: str = ""
    note_refs: tuple[str, ...] = ()  # memos on the project
    warnings: tuple[str, ...] = field(default=(), compare=False)  # set on import only


# ----- safe ZIP and XML --------------------------------------------------------------------


def _unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    parts = name.replace("\\", "/").split("/")
    if "\x00" in name or len(name) > 1024:
        return "has an invalid name"
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "has an absolute path"
    if ".." in parts:
        return "leaves the archive folder (..)"
    return None


def _open_zip(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    if len(data) > limits.archive_bytes:
        raise RefiQdaError("too_large", f"the file is larger than {limits.archive_bytes // _MIB} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError, struct.error):
        raise RefiQdaError("not_zip", "the file is not a ZIP archive (.qdpx)") from None
    if len(infos) > limits.members:
        raise RefiQdaError("too_many_members", f"the archive has more than {limits.members} files")
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        reason = _unsafe_name(info.filename)
        if reason:
            raise RefiQdaError("unsafe_path", f"a file in the archive {reason}: {info.filename[:80]!r}")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise RefiQdaError("symlink", f"the archive holds a symbolic link: {info.filename[:80]!r}")
        if info.flag_bits & 0x1:
            raise RefiQdaError("encrypted", "the archive is encrypted")
        if info.filename in by_name:
            raise RefiQdaError("duplicate_member", f"the archive holds {info.filename[:80]!r} twice")
        if info.file_size > _MIB and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise RefiQdaError("zip_bomb", f"{info.filename[:80]!r} is compressed suspiciously well (zip bomb)")
        total += info.file_size
        by_name[info.filename] = info
    # Many members that each compress well, e.g. thousands of 1 MiB runs of zeros.
    if total > _MIB and total > limits.ratio * len(data):
        raise RefiQdaError("zip_bomb", "the archive is compressed suspiciously well (zip bomb)")
    if total > limits.total_uncompressed:
        raise RefiQdaError("too_large", f"the archive unpacks to more than {limits.total_uncompressed // _MIB} MiB")
    return archive, by_name


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    if info.file_size > limits.member_uncompressed:
        raise RefiQdaError(
            "too_large", f"{info.filename[:80]!r} is larger than {limits.member_uncompressed // _MIB} MiB"
        )
    try:
        with archive.open(info) as handle:
            data = handle.read(limits.member_uncompressed + 1)
    except (
        zipfile.BadZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
        struct.error,
        OverflowError,
    ):
        raise RefiQdaError("bad_zip", f"{info.filename[:80]!r} cannot be unpacked; the archive is damaged") from None
    if len(data) > limits.member_uncompressed:
        raise RefiQdaError(
            "too_large", f"{info.filename[:80]!r} is larger than {limits.member_uncompressed // _MIB} MiB"
        )
    return data


def _qname(name: str) -> str:
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def parse_xml(data: bytes, *, max_depth: int = DEFAULT_LIMITS.xml_depth) -> ET.Element:
    """The root element of an XML document, refusing any DOCTYPE (entities, XXE) and nesting
    deeper than `max_depth`."""
    builder = ET.TreeBuilder()
    depth = 0

    def refuse_dtd(*_args: Any) -> None:
        raise RefiQdaError("xml_dtd", "the XML declares a document type or entities, which is not allowed")

    def refuse_external(*_args: Any) -> int:
        refuse_dtd()
        return 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise RefiQdaError("xml_too_deep", f"the XML is nested more than {max_depth} levels deep")
        builder.start(_qname(name), {_qname(k): v for k, v in attributes.items()})

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(_qname(name))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.UnparsedEntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
        return builder.close()
    except RefiQdaError:
        raise
    except (expat.ExpatError, ValueError, LookupError, UnicodeError, AssertionError, IndexError):
        raise RefiQdaError("not_xml", "the file is not well-formed XML") from None


@cache
def _schema(name: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(_SCHEMAS / name))


def _validate(root: ET.Element, kind: str) -> None:
    namespace, schema_file, root_name = {
        "project": (PROJECT_NS, "Project-mrt2019.xsd", "Project"),
        "codebook": (CODEBOOK_NS, "Codebook.xsd", "CodeBook"),
    }[kind]
    tag = root.tag if isinstance(root.tag, str) else ""
    uri, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if local != root_name:
        raise RefiQdaError("wrong_root", f"expected a REFI-QDA {kind} ({root_name}), found {local[:40]!r}")
    if uri != namespace:
        found = f"namespace {uri[:60]!r}" if uri else "no namespace"
        raise RefiQdaError("unsupported_namespace", f"the {kind} has {found}; REFI-QDA 1.0 ({namespace}) is required")
    try:
        error = next(iter(_schema(schema_file).iter_errors(root)), None)
    except (xmlschema.XMLSchemaException, ValueError, TypeError, RecursionError):
        raise RefiQdaError("schema_invalid", f"the {kind} does not follow the REFI-QDA schema") from None
    if error is not None:
        where = re.sub(r"\{[^}]*\}", "", error.path or "")
        reason = re.sub(r"\{[^}]*\}", "", error.reason or "invalid content")
        raise RefiQdaError(
            "schema_invalid", f"the {kind} does not follow the REFI-QDA schema at {where}: {reason}"[:300]
        )


def validate_qde(data: bytes) -> None:
    """Raise `RefiQdaError` unless `data` is a project file valid against the REFI-QDA schema."""
    _validate(parse_xml(data), "project")


def validate_qdc(data: bytes) -> None:
    """Raise `RefiQdaError` unless `data` is a codebook valid against the REFI-QDA schema."""
    _validate(parse_xml(data), "codebook")


# ----- from XML to the model ---------------------------------------------------------------


def _guid(value: str | None) -> str:
    match = _GUID.fullmatch((value or "").strip())
    return match.group(1).lower() if match else (value or "")


def _optional_guid(value: str | None) -> str | None:
    return _guid(value) if value is not None else None


class _Reader:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def children(self, element: ET.Element, local: str) -> list[ET.Element]:
        return element.findall(self.tag(local))

    def text(self, element: ET.Element, local: str) -> str | None:
        child = element.find(self.tag(local))
        return None if child is None else (child.text or "")

    def refs(self, element: ET.Element, local: str) -> tuple[str, ...]:
        return tuple(_guid(child.get("targetGUID")) for child in self.children(element, local))

    def code(self, element: ET.Element) -> Code:
        return Code(
            guid=_guid(element.get("guid")),
            name=element.get("name", ""),
            is_codable=element.get("isCodable", "true").strip() in ("true", "1"),
            color=element.get("color"),
            description=self.text(element, "Description") or "",
            codes=tuple(self.code(child) for child in self.children(element, "Code")),
            note_refs=self.refs(element, "NoteRef"),
        )

    def codebook(self, element: ET.Element, origin: str | None) -> Codebook:
        codes = element.find(self.tag("Codes"))
        children = [] if codes is None else self.children(codes, "Code")
        return Codebook(tuple(self.code(child) for child in children), origin)

    def variable_values(self, element: ET.Element) -> tuple[VariableValue, ...]:
        values: list[VariableValue] = []
        for item in self.children(element, "VariableValue"):
            ref = item.find(self.tag("VariableRef"))
            for kind in _VALUE_TYPES:
                value = self.text(item, f"{kind}Value")
                if value is not None and ref is not None:
                    values.append(VariableValue(_guid(ref.get("targetGUID")), kind, value))
        return tuple(values)

    def coding(self, element: ET.Element) -> Coding:
        ref = element.find(self.tag("CodeRef"))
        return Coding(
            code=_guid(None if ref is None else ref.get("targetGUID")),
            creating_user=_optional_guid(element.get("creatingUser")),
            created=element.get("creationDateTime"),
            guid=_guid(element.get("guid")),
            note_refs=self.refs(element, "NoteRef"),
        )

    def selection(self, element: ET.Element) -> Selection:
        return Selection(
            start=int(element.get("startPosition", "0")),
            end=int(element.get("endPosition", "0")),
            codings=tuple(self.coding(c) for c in self.children(element, "Coding")),
            guid=_guid(element.get("guid")),
            name=element.get("name"),
            description=self.text(element, "Description") or "",
            creating_user=_optional_guid(element.get("creatingUser")),
            created=element.get("creationDateTime"),
            note_refs=self.refs(element, "NoteRef"),
        )


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RefiQdaError("bad_text", f"{what} is not UTF-8 text") from None


FileGetter = Callable[[str], bytes | None]


def _resolve_text(
    element: ET.Element, reader: _Reader, files: FileGetter | None, what: str, warnings: list[str], required: bool
) -> str | None:
    content = reader.text(element, "PlainTextContent")
    if content is not None:
        return content
    path = element.get("plainTextPath")
    if not path:
        warnings.append(f"{what} has no text")
        return None
    if not path.startswith("internal://"):
        warnings.append(f"{what} refers to an external file, which was not read")
        return None
    name = path[len("internal://") :]
    if "/" in name or "\\" in name or name in ("", ".", ".."):
        raise RefiQdaError("unsafe_path", f"{what} refers to an unsafe file name: {name[:80]!r}")
    data = files(name) if files is not None else None
    if data is None:
        if files is not None and required:
            raise RefiQdaError("missing_source", f"{what} refers to sources/{name[:80]} which is not in the archive")
        warnings.append(f"{what}: the file {name[:80]} was not available")
        return None
    return _decode(data, f"sources/{name[:80]}")


def _project(root: ET.Element, files: FileGetter | None) -> Project:
    reader = _Reader(PROJECT_NS)
    warnings: list[str] = []
    users = tuple(
        User(_guid(u.get("guid")), u.get("name"), u.get("id"))
        for users_element in reader.children(root, "Users")
        for u in reader.children(users_element, "User")
    )
    codebook_element = root.find(reader.tag("CodeBook"))
    codebook = None if codebook_element is None else reader.codebook(codebook_element, None)
    variables = tuple(
        Variable(
            _guid(v.get("guid")),
            v.get("name", ""),
            v.get("typeOfVariable", "Text"),
            reader.text(v, "Description") or "",
        )
        for group in reader.children(root, "Variables")
        for v in reader.children(group, "Variable")
    )
    cases = tuple(
        Case(
            guid=_guid(c.get("guid")),
            name=c.get("name"),
            description=reader.text(c, "Description") or "",
            code_refs=reader.refs(c, "CodeRef"),
            variable_values=reader.variable_values(c),
            source_refs=reader.refs(c, "SourceRef"),
            selection_refs=reader.refs(c, "SelectionRef"),
        )
        for group in reader.children(root, "Cases")
        for c in reader.children(group, "Case")
    )
    sources: list[TextSource] = []
    skipped: dict[str, int] = {}
    for group in reader.children(root, "Sources"):
        for element in group:
            kind = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
            if kind != "TextSource":
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            guid = _guid(element.get("guid"))
            what = f"text source {(element.get('name') or guid)[:80]!r}"
            text = _resolve_text(element, reader, files, what, warnings, required=True)
            selections = tuple(reader.selection(s) for s in reader.children(element, "PlainTextSelection"))
            for selection in selections:
                if not 0 <= selection.start <= selection.end or (text is not None and selection.end > len(text)):
                    raise RefiQdaError(
                        "bad_selection",
                        f"a selection ({selection.start}–{selection.end}) lies outside {what}"
                        + ("" if text is None else f" of {len(text)} characters"),
                    )
            sources.append(
                TextSource(
                    guid=guid,
                    name=element.get("name"),
                    text=text,
                    selections=selections,
                    codings=tuple(reader.coding(c) for c in reader.children(element, "Coding")),
                    description=reader.text(element, "Description") or "",
                    note_refs=reader.refs(element, "NoteRef"),
                    variable_values=reader.variable_values(element),
                    creating_user=_optional_guid(element.get("creatingUser")),
                    created=element.get("creationDateTime"),
                )
            )
    for kind, count in sorted(skipped.items()):
        warnings.append(f"{count} {kind} element(s) not imported: only text sources are")
    notes: list[Note] = []
    for group in reader.children(root, "Notes"):
        for element in reader.children(group, "Note"):
            guid = _guid(element.get("guid"))
            what = f"note {(element.get('name') or guid)[:80]!r}"
            notes.append(
                Note(
                    guid=guid,
                    name=element.get("name"),
                    text=_resolve_text(element, reader, files, what, warnings, required=False),
                    description=reader.text(element, "Description") or "",
                    creating_user=_optional_guid(element.get("creatingUser")),
                    created=element.get("creationDateTime"),
                )
            )
    for local in ("Links", "Sets", "Graphs"):
        if root.find(reader.tag(local)) is not None:
            warnings.append(f"{local} not imported")
    code_guids = {code.guid for code in codebook.walk()} if codebook else set()
    for source in sources:
        for coding in (*source.codings, *(c for s in source.selections for c in s.codings)):
            if coding.code not in code_guids:
                raise RefiQdaError(
                    "unknown_reference", f"a coding refers to a code that is not in the codebook: {coding.code[:40]}"
                )
    return Project(
        name=root.get("name", ""),
        origin=root.get("origin"),
        creating_user=_optional_guid(root.get("creatingUserGUID")),
        created=root.get("creationDateTime"),
        users=users,
        codebook=codebook,
        variables=variables,
        cases=cases,
        sources=tuple(sources),
        notes=tuple(notes),
        description=reader.text(root, "Description") or "",
        note_refs=reader.refs(root, "NoteRef"),
        warnings=tuple(warnings),
    )


def read_qdc(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Codebook:
    """The codebook of a `.qdc` file."""
    if len(data) > limits.member_uncompressed:
        raise RefiQdaError("too_large", f"the codebook is larger than {limits.member_uncompressed // _MIB} MiB")
    root = parse_xml(data, max_depth=limits.xml_depth)
    _validate(root, "codebook")
    return _Reader(CODEBOOK_NS).codebook(root, root.get("origin"))


def read_qde(data: bytes, files: Mapping[str, bytes] | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Project:
    """The project of a bare `project.qde`. `files` maps names in `sources/` to their bytes;
    texts that are not there are None, with a warning."""
    if len(data) > limits.member_uncompressed:
        raise RefiQdaError("too_large", f"the project file is larger than {limits.member_uncompressed // _MIB} MiB")
    root = parse_xml(data, max_depth=limits.xml_depth)
    _validate(root, "project")
    return _project(root, None if files is None else files.get)


def read_qdpx(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Project:
    """The project of a `.qdpx` archive, with the texts of its text sources and notes.

    The project file is the single `*.qde` at the archive's root (`project.qde` by the
    standard; some tools name it after the project)."""
    archive, members = _open_zip(data, limits)
    entries = [name for name in members if "/" not in name and name.lower().endswith(".qde")]
    if not entries:
        raise RefiQdaError("no_project", "the archive holds no project file (project.qde)")
    if len(entries) > 1:
        raise RefiQdaError("several_projects", "the archive holds more than one project file (.qde)")
    root = parse_xml(_read_member(archive, members[entries[0]], limits), max_depth=limits.xml_depth)
    _validate(root, "project")

    def source_file(name: str) -> bytes | None:
        info = members.get(f"sources/{name}")
        return None if info is None else _read_member(archive, info, limits)

    return _project(root, source_file)


# ----- from the model to XML ---------------------------------------------------------------


def _derived_guid(*parts: object) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, "/".join(str(p) for p in parts)))


class _Writer:
    def sub(self, parent: ET.Element, local: str, attributes: Mapping[str, str | None] | None = None) -> ET.Element:
        attrs = {k: v for k, v in (attributes or {}).items() if v is not None}
        return ET.SubElement(parent, local, attrs)

    def text(self, parent: ET.Element, local: str, value: str) -> None:
        if value:
            self.sub(parent, local).text = value

    def refs(self, parent: ET.Element, local: str, guids: Iterable[str]) -> None:
        for guid in guids:
            self.sub(parent, local, {"targetGUID": guid})

    def code(self, parent: ET.Element, code: Code, with_notes: bool) -> None:
        element = self.sub(
            parent,
            "Code",
            {
                "guid": code.guid,
                "name": code.name,
                "isCodable": "true" if code.is_codable else "false",
                "color": code.color,
            },
        )
        self.text(element, "Description", code.description)
        if with_notes:
            self.refs(element, "NoteRef", code.note_refs)
        for child in code.codes:
            self.code(element, child, with_notes)

    def variable_values(self, parent: ET.Element, values: Iterable[VariableValue]) -> None:
        for value in values:
            if value.type not in _VALUE_TYPES:
                raise RefiQdaError("export_invalid", f"unknown variable value type {value.type[:20]!r}")
            element = self.sub(parent, "VariableValue")
            self.sub(element, "VariableRef", {"targetGUID": value.variable})
            self.sub(element, f"{value.type}Value").text = value.value

    def coding(self, parent: ET.Element, coding: Coding, guid: str) -> None:
        element = self.sub(
            parent,
            "Coding",
            {"guid": coding.guid or guid, "creatingUser": coding.creating_user, "creationDateTime": coding.created},
        )
        self.sub(element, "CodeRef", {"targetGUID": coding.code})
        self.refs(element, "NoteRef", coding.note_refs)


def _serialise(root: ET.Element) -> bytes:
    # Elements are built with local names and the root carries `xmlns`, so the output uses one
    # default namespace and no prefixes (ElementTree's default_namespace refuses plain
    # attribute names, and register_namespace is global state).
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _check_export(data: bytes, kind: str) -> None:
    try:
        _validate(parse_xml(data), kind)
    except RefiQdaError as exc:
        raise RefiQdaError("export_invalid", f"the exported {kind} would not be valid: {exc}") from None


def write_qdc(codebook: Codebook) -> bytes:
    """A `.qdc` codebook file (UTF-8 XML) valid against the REFI-QDA codebook schema."""
    if not codebook.codes:
        raise RefiQdaError("export_invalid", "a codebook needs at least one code")
    writer = _Writer()
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS})
    if codebook.origin is not None:
        root.set("origin", codebook.origin)
    codes = writer.sub(root, "Codes")
    for code in codebook.codes:
        writer.code(codes, code, with_notes=False)
    data = _serialise(root)
    _check_export(data, "codebook")
    return data


def _file_name(guid: str) -> str:
    return f"{_guid(guid)}.txt"


def project_xml(project: Project, texts: Mapping[str, str]) -> bytes:
    """The `project.qde` of `write_qdpx`; `texts` maps each text source's guid to its text."""
    w = _Writer()
    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
        }
        | {
            k: v
            for k, v in {
                "name": project.name,
                "origin": project.origin,
                "creatingUserGUID": project.creating_user,
                "creationDateTime": project.created,
            }.items()
            if v is not None
        },
    )
    if project.users:
        users = w.sub(root, "Users")
        for user in project.users:
            w.sub(users, "User", {"guid": user.guid, "name": user.name, "id": user.id})
    code_guids: set[str] = set()
    if project.codebook and project.codebook.codes:
        codes = w.sub(w.sub(root, "CodeBook"), "Codes")
        for code in project.codebook.codes:
            w.code(codes, code, with_notes=True)
        code_guids = {_guid(code.guid) for code in project.codebook.walk()}
    if project.variables:
        variables = w.sub(root, "Variables")
        for variable in project.variables:
            element = w.sub(
                variables, "Variable", {"guid": variable.guid, "name": variable.name, "typeOfVariable": variable.type}
            )
            w.text(element, "Description", variable.description)
    if project.cases:
        cases = w.sub(root, "Cases")
        for case in project.cases:
            element = w.sub(cases, "Case", {"guid": case.guid, "name": case.name})
            w.text(element, "Description", case.description)
            w.refs(element, "CodeRef", case.code_refs)
            w.variable_values(element, case.variable_values)
            w.refs(element, "SourceRef", case.source_refs)
            w.refs(element, "SelectionRef", case.selection_refs)
    if project.sources:
        sources = w.sub(root, "Sources")
        for source in project.sources:
            text = texts.get(source.guid)
            what = f"text source {(source.name or source.guid)[:80]!r}"
            element = w.sub(
                sources,
                "TextSource",
                {
                    "guid": source.guid,
                    "name": source.name,
                    "plainTextPath": f"internal://{_file_name(source.guid)}",
                    "creatingUser": source.creating_user,
                    "creationDateTime": source.created,
                },
            )
            w.text(element, "Description", source.description)
            for k, selection in enumerate(source.selections):
                if text is None or not 0 <= selection.start <= selection.end <= len(text):
                    raise RefiQdaError(
                        "export_invalid", f"a selection ({selection.start}–{selection.end}) lies outside {what}"
                    )
                guid = selection.guid or _derived_guid(source.guid, "selection", k)
                item = w.sub(
                    element,
                    "PlainTextSelection",
                    {
                        "guid": guid,
                        "name": selection.name,
                        "startPosition": str(selection.start),
                        "endPosition": str(selection.end),
                        "creatingUser": selection.creating_user,
                        "creationDateTime": selection.created,
                    },
                )
                w.text(item, "Description", selection.description)
                for j, coding in enumerate(selection.codings):
                    w.coding(item, coding, _derived_guid(guid, "coding", j))
                w.refs(item, "NoteRef", selection.note_refs)
            for j, coding in enumerate(source.codings):
                w.coding(element, coding, _derived_guid(source.guid, "coding", j))
            w.refs(element, "NoteRef", source.note_refs)
            w.variable_values(element, source.variable_values)
            for coding in (*source.codings, *(c for s in source.selections for c in s.codings)):
                if _guid(coding.code) not in code_guids:
                    raise RefiQdaError(
                        "export_invalid", f"a coding in {what} refers to a code that is not in the codebook"
                    )
    if project.notes:
        notes = w.sub(root, "Notes")
        for note in project.notes:
            element = w.sub(
                notes,
                "Note",
                {
                    "guid": note.guid,
                    "name": note.name,
                    "creatingUser": note.creating_user,
                    "creationDateTime": note.created,
                },
            )
            w.text(element, "Description", note.description)
            w.sub(element, "PlainTextContent").text = note.text or ""
    w.text(root, "Description", project.description)
    w.refs(root, "NoteRef", project.note_refs)
    data = _serialise(root)
    _check_export(data, "project")
    return data


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _zip_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def write_qdpx(project: Project, sources: Mapping[str, str] | None = None) -> bytes:
    """A `.qdpx` archive: `project.qde` and one `sources/<guid>.txt` per text source.

    The text of a source is `sources[guid]` if given, else the source's own `text`; every text
    source needs one. The same input gives the same bytes."""
    texts: dict[str, str] = {}
    for source in project.sources:
        text = (sources or {}).get(source.guid, source.text)
        if text is None:
            raise RefiQdaError("export_invalid", f"text source {(source.name or source.guid)[:80]!r} has no text")
        texts[source.guid] = text
    qde = project_xml(project, texts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _zip_member(archive, "project.qde", qde)
        for guid in sorted(texts, key=_file_name):
            _zip_member(archive, f"sources/{_file_name(guid)}", texts[guid].encode("utf-8"))
    return buffer.getvalue()
