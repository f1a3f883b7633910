"""A note version as a document: accessible HTML, tagged PDF (PDF/UA-1) and DOCX.

`document_for(version)` gathers everything the document shows into a `NoteDocument`; the
three writers take only that, so what the HTML shows is what the PDF and DOCX show.

PDF: WeasyPrint with `pdf_variant="pdf/ua-1"` writes a structure tree (headings, paragraphs,
lists, real tables with header cells, figures with their alternative text), the document's
language and title. Its `url_fetcher` refuses everything but the self-hosted font, so a note
can never make the server fetch an address. DOCX: python-docx with heading styles, numbered
proposal points, tables whose first row repeats as a header, and the language set; the charts
are in the DOCX as their data tables (Word cannot take the SVG).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from samskap.comparison.models import Comparison, Matrix
from samskap.comparison.selectors import ComparisonTable, MatrixGrid, comparison_table, matrix_grid
from samskap.comparison.svg import comparison_svg
from samskap.reports.formats import FORMATS, LIST, Format, Section
from samskap.reports.models import NoteVersion

FONT = "vendor/inter/files/inter-latin-wght-normal.woff2"
FONT_EXT = "vendor/inter/files/inter-latin-ext-wght-normal.woff2"
CSS = "samskap/note.css"


@dataclass(frozen=True)
class Block:
    """A paragraph (`items` empty) or a bulleted list with an optional lead-in `text`."""

    text: str
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Plain text as people type it: paragraphs split by blank lines; lines starting with
    "- " are list items, the lines before them the list's lead-in."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        items = [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
        lead = " ".join(line.strip() for line in lines if not line.strip().startswith("- "))
        out.append(Block(lead, items))
    return out


@dataclass(frozen=True)
class ComparisonFigure:
    number: int
    table: ComparisonTable
    svg: SafeString
    source: str


@dataclass(frozen=True)
class ImprovementFigure:
    number: int
    title: str
    unit: str
    svg: SafeString  # for the page in the app, coloured by app.css
    svg_print: SafeString  # with its colours inside, for the HTML export and the PDF
    rows: list[tuple[str, str]]  # (period, value)


# The SPC chart's classes as the app's stylesheet colours them, for documents that carry no
# app stylesheet (WeasyPrint reads a <style> inside an SVG; the app page never gets this one).
SPC_PRINT_STYLE = (
    "<style>"
    ".samskap-spc-print text{font-size:11px;fill:#555555;font-family:Inter,sans-serif}"
    ".samskap-spc-print .samskap-chart__grid line{stroke:#d0d0d0;stroke-width:1}"
    ".samskap-spc-print .samskap-chart__data{fill:none;stroke:#555555;stroke-width:1.5}"
    ".samskap-spc-print .samskap-chart__centre{fill:none;stroke:#1a1a1a;stroke-width:1.5}"
    ".samskap-spc-print .samskap-chart__centre--signal{stroke:#b3261e;stroke-width:2.5;stroke-dasharray:10 4}"
    ".samskap-spc-print .samskap-chart__limit{fill:none;stroke:#555555;stroke-width:1.2;stroke-dasharray:6 4}"
    ".samskap-spc-print .samskap-chart__target{stroke:#00724e;stroke-width:1.5;stroke-dasharray:2 3}"
    ".samskap-spc-print .samskap-chart__phase,.samskap-spc-print .samskap-chart__baseline"
    "{stroke:#1a1a1a;stroke-width:1;stroke-dasharray:1 3}"
    ".samskap-spc-print .samskap-chart__point{fill:#555555}"
    ".samskap-spc-print .samskap-chart__signal{fill:#b3261e;stroke:#ffffff;stroke-width:0.8}"
    ".samskap-spc-print .samskap-chart__signal--improvement{fill:#0b61a4}"
    ".samskap-spc-print .samskap-chart__signal--concern{fill:#b35900}"
    ".samskap-spc-print .samskap-chart__excluded{fill:#ffffff;stroke:#555555;stroke-width:1.5}"
    ".samskap-spc-print .samskap-chart__note circle{fill:#eef2f7;stroke:#1a1a1a}"
    ".samskap-spc-print .samskap-chart__note text,.samskap-spc-print .samskap-chart__pdsa text"
    "{fill:#1a1a1a;font-weight:600}"
    ".samskap-spc-print .samskap-chart__pdsa path{fill:#1a1a1a}"
    "</style>"
)


def _with_print_style(svg: str) -> SafeString:
    """The chart with its colours inside, scoped to it: a <style> in inline SVG applies to
    the whole document, and must not recolour the comparison charts beside it."""
    svg = svg.replace('<svg class="samskap-chart', '<svg class="samskap-spc-print samskap-chart', 1)
    head, sep, rest = svg.partition(">")
    return SafeString(head + sep + SPC_PRINT_STYLE + rest)


def _improvement_figures(version: NoteVersion, first_number: int) -> list[ImprovementFigure]:
    from django.utils.formats import date_format, number_format

    from samskap.improvement.selectors import measure_chart
    from samskap.improvement.svg import chart_svg
    from samskap.reports.assembly import publishable_measures

    # Checked again at every rendering: a measure that has since got a small count drops out.
    allowed = {m.pk: m for m in publishable_measures(version.note.process)}
    figures: list[ImprovementFigure] = []
    for pk in version.measures:
        measure = allowed.get(pk)
        if measure is None:
            continue
        chart = measure_chart(measure)
        if chart.result is None:
            continue
        number = first_number + len(figures)
        svg = chart_svg(chart, svg_id=f"measure-{number}")
        values = chart.result.y
        rows = [
            (
                str(date_format(observation.period, "SHORT_DATE_FORMAT")),
                "–" if math.isnan(values[k]) else str(number_format(float(values[k]), 1)),
            )
            for k, observation in enumerate(chart.observations)
        ]
        figures.append(ImprovementFigure(number, measure.title, measure.unit, svg, _with_print_style(svg), rows))
    return figures


@dataclass(frozen=True)
class MatrixTable:
    number: int
    title: str
    grid: MatrixGrid


@dataclass(frozen=True)
class DocumentSection:
    section: Section
    blocks: list[Block]
    items: list[str]  # for list sections
    figures: list[ComparisonFigure]
    matrices: list[MatrixTable]
    charts: list[ImprovementFigure] = field(default_factory=list)


@dataclass(frozen=True)
class NoteDocument:
    format: Format
    title: str
    organisation: str
    header: list[tuple[str, str]]
    proposal: list[str]
    sections: list[DocumentSection]
    version: int


def document_for(version: NoteVersion) -> NoteDocument:
    note = version.note
    process = note.process
    fmt = FORMATS[note.format]
    with translation.override(fmt.language):
        comparisons = {
            c.pk: c
            for c in Comparison.objects.filter(process=process, pk__in=version.comparisons).select_related(
                "dataset", "population"
            )
        }
        matrices = {m.pk: m for m in Matrix.objects.filter(process=process, pk__in=version.matrices)}
        figures = []
        for number, pk in enumerate((pk for pk in version.comparisons if pk in comparisons), start=1):
            comparison = comparisons[pk]
            table = comparison_table(comparison)
            dataset = comparison.dataset
            source = " ".join(part for part in (dataset.source, dataset.table_id) if part) or "–"
            figures.append(ComparisonFigure(number, table, comparison_svg(table, svg_id=f"figure-{number}"), source))
        charts = _improvement_figures(version, len(figures) + 1)
        tables = [
            MatrixTable(number, matrices[pk].title, matrix_grid(matrices[pk]))
            for number, pk in enumerate(
                (pk for pk in version.matrices if pk in matrices), start=len(figures) + len(charts) + 1
            )
        ]
    sections = []
    for section in fmt.sections:
        text = str(version.sections.get(section.key, ""))
        items = (
            [line.strip().removeprefix("- ") for line in text.splitlines() if line.strip()]
            if section.kind == LIST
            else []
        )
        shows_figures = (section.figures and (figures or tables)) or (section.charts and charts)
        if not text.strip() and not shows_figures:
            continue
        sections.append(
            DocumentSection(
                section=section,
                blocks=[] if section.kind == LIST else blocks(text),
                items=items,
                figures=figures if section.figures else [],
                matrices=tables if section.figures else [],
                charts=charts if section.charts else [],
            )
        )
    header = [(label, str(version.header.get(key, ""))) for key, label in fmt.header if version.header.get(key)]
    return NoteDocument(
        format=fmt,
        title=version.title,
        organisation=process.organisation.name,
        header=header,
        proposal=[point for point in version.proposal if point.strip()],
        sections=sections,
        version=version.number,
    )


# --- HTML ---------------------------------------------------------------------------------------


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return Path(found if isinstance(found, str) else found[0])


def note_css() -> str:
    return _static_path(CSS).read_text(encoding="utf-8")


def document_html(document: NoteDocument, *, standalone: bool = True) -> str:
    """The note as one HTML page; `standalone` inlines the stylesheet (exports and PDF)."""
    with translation.override(document.format.language):
        return render_to_string(
            "reports/document.html",
            {"doc": document, "css": note_css() if standalone else "", "standalone": standalone},
        )


# --- PDF ------------------------------------------------------------------------------------------


def _font_faces() -> str:
    faces = []
    for name, ranges in (
        (FONT, "U+0000-00FF, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212"),
        (FONT_EXT, "U+0100-024F"),
    ):
        try:
            path = _static_path(name)
        except FileNotFoundError:
            continue
        faces.append(
            f'@font-face {{ font-family: "Inter"; src: url("{path.as_uri()}") format("woff2"); '
            f"unicode-range: {ranges}; }}"
        )
    return "\n".join(faces)


def _fetcher_for(allowed: set[str]) -> Any:
    """A fetcher that loads the self-hosted font files and nothing else: a note's text can
    never make the server read a file or an address."""
    from weasyprint.urls import URLFetcher

    class AllowListFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"a note may not load {url}")
            return super().fetch(url, headers)

    return AllowListFetcher(allowed_protocols=("file",), timeout=5)


def document_pdf(document: NoteDocument) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    fonts = _font_faces()
    allowed = set(re.findall(r'url\("([^"]+)"\)', fonts))
    html = HTML(string=document_html(document), url_fetcher=_fetcher_for(allowed), base_url=None)
    pdf: bytes = html.write_pdf(
        stylesheets=[WeasyCSS(string=fonts, url_fetcher=_fetcher_for(allowed))],
        pdf_variant="pdf/ua-1",
    )
    return pdf


# --- DOCX -----------------------------------------------------------------------------------------


def _table_header_repeats(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(document: Any, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tag = {"nb": "nb-NO", "nn": "nn-NO", "sv": "sv-SE"}.get(language, language)
    document.core_properties.language = tag
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run_properties is not None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        run_properties.append(lang)


def _cell_text(cell: Any) -> str:
    if cell is None:
        return "–"
    if cell.source_note:
        return f"{cell.text} ({cell.get_source_kind_display()}: {cell.source_note})"
    return str(cell.text)


def document_docx(document: NoteDocument) -> bytes:
    """The note as a Word document, in the note's language."""
    with translation.override(document.format.language):
        return _docx(document)


def _docx(document: NoteDocument) -> bytes:
    from docx import Document

    fmt = document.format
    out = Document()
    _set_language(out, fmt.language)
    out.core_properties.title = document.title
    out.core_properties.subject = fmt.document_name
    out.add_paragraph(f"{document.organisation} · {fmt.document_name}", style="Subtitle")
    if document.header:
        table = out.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in document.header:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    out.add_heading(document.title, level=1)
    if document.proposal:
        out.add_heading(fmt.proposal_heading, level=2)
        for point in document.proposal:
            out.add_paragraph(point, style="List Number")
    inquiry_started = False
    for part in document.sections:
        section = part.section
        if section.level == 3 and not inquiry_started:
            out.add_heading(fmt.inquiry_heading, level=2)
            inquiry_started = True
        out.add_heading(section.heading, level=section.level)
        for block in part.blocks:
            if block.text:
                out.add_paragraph(block.text)
            for item in block.items:
                out.add_paragraph(item, style="List Bullet")
        for item in part.items:
            out.add_paragraph(item, style="List Bullet")
        for figure in part.figures:
            table_data = figure.table
            caption = (
                f"{fmt.table_word} {figure.number}: {table_data.title} ({table_data.unit}). "
                f"{fmt.source_word}: {figure.source}"
            )
            out.add_paragraph(caption, style="Caption")
            table = out.add_table(rows=1, cols=len(table_data.periods) + 1)
            table.style = "Table Grid"
            head = table.rows[0]
            _table_header_repeats(head)
            head.cells[0].text = ""
            for k, period in enumerate(table_data.periods, start=1):
                head.cells[k].text = period
            for data_row in table_data.rows:
                cells = table.add_row().cells
                cells[0].text = data_row.name
                for k, figure_value in enumerate(data_row.values, start=1):
                    cells[k].text = figure_value.text
            if any(v.flag == "suppressed" for r in table_data.rows for v in r.values):
                out.add_paragraph(f":  {fmt.suppressed_word}")
        for chart in part.charts:
            out.add_paragraph(f"{fmt.table_word} {chart.number}: {chart.title}", style="Caption")
            table = out.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            _table_header_repeats(table.rows[0])
            table.rows[0].cells[1].text = chart.unit or chart.title
            for period, value in chart.rows:
                chart_cells = table.add_row().cells
                chart_cells[0].text, chart_cells[1].text = period, value
        for matrix in part.matrices:
            out.add_paragraph(f"{fmt.table_word} {matrix.number}: {matrix.title}", style="Caption")
            table = out.add_table(rows=1, cols=len(matrix.grid.columns) + 1)
            table.style = "Table Grid"
            _table_header_repeats(table.rows[0])
            for k, column in enumerate(matrix.grid.columns, start=1):
                table.rows[0].cells[k].text = column.name
            for row, cells in matrix.grid.rows:
                out_cells = table.add_row().cells
                out_cells[0].text = row.name
                for k, (_column, cell) in enumerate(cells, start=1):
                    out_cells[k].text = (
                        f"{cell.text} ({cell.get_source_kind_display()}: {cell.source_note})"
                        if cell and cell.source_note
                        else (cell.text if cell else "–")
                    )
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
