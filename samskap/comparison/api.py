"""A read-only JSON API for published processes and their statistics, so others can reuse
open results. Only what a published process's public page may show leaves here: no names,
counts of people from 1 to 5 suppressed (`null` with `"suppressed": true`), comparisons
through the same suppression as the web page. Unpublished processes are 404, as on the web.
The OpenAPI 3.1 description is at `/api/v1/openapi.json`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from samskap.analysis.statistics import SMALL_COUNT
from samskap.comparison.models import Comparison, Matrix
from samskap.comparison.selectors import comparison_table, comparisons_of, matrices_of, matrix_grid
from samskap.processes.models import Process, localised
from samskap.processes.selectors import challenge_versions, participation_totals

PAGE_SIZE = 50


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def _count(value: int) -> dict[str, Any]:
    if 0 < value <= SMALL_COUNT:
        return {"value": None, "suppressed": True}
    return {"value": value, "suppressed": False}


def _published(process_id: int) -> Process:
    process = (
        Process.objects.select_related("organisation", "current_phase").filter(pk=process_id, is_published=True).first()
    )
    if process is None:
        raise Http404
    return process


def _language(request: HttpRequest, process: Process) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in ("nb", "nn", "sv", "en") else process.organisation.default_language


def _absolute(request: HttpRequest, name: str, *args: int) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


@require_safe
def process_list(request: HttpRequest) -> JsonResponse:
    page_raw = request.GET.get("page", "1")
    page = int(page_raw) if page_raw.isdigit() and int(page_raw) > 0 else 1
    published = Process.objects.filter(is_published=True).select_related("organisation").order_by("-published_at", "pk")
    total = published.count()
    items = published[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return _json(
        {
            "count": total,
            "page": page,
            "next": f"{_absolute(request, 'comparison:api_processes')}?page={page + 1}"
            if page * PAGE_SIZE < total
            else None,
            "results": [
                {
                    "id": p.pk,
                    "title": p.title,
                    "organisation": p.organisation.name,
                    "published_at": p.published_at.isoformat() if p.published_at else None,
                    "url": _absolute(request, "comparison:api_process", p.pk),
                }
                for p in items
            ],
        }
    )


@require_safe
def process_detail(request: HttpRequest, process_id: int) -> JsonResponse:
    process = _published(process_id)
    language = _language(request, process)
    totals = participation_totals(process)
    versions = challenge_versions(process)
    latest = versions[-1] if versions else None
    with translation.override(language):
        data = {
            "id": process.pk,
            "title": process.title,
            "kind": process.kind,
            "summary": process.summary,
            "organisation": {"name": process.organisation.name, "country": process.organisation.country},
            "language": language,
            "published_at": process.published_at.isoformat() if process.published_at else None,
            "phases": [
                {
                    "position": phase.position,
                    "name": localised(phase.names, language),
                    "current": phase.pk == process.current_phase_id,
                }
                for phase in process.phases.order_by("position")
            ],
            "how_to_take_part": process.how_to_take_part,
            "results_so_far": process.results_so_far,
            "materials": [
                {"title": m.title, "kind": m.kind, "url": m.url or None, "text": m.text}
                for m in process.materials.all()
            ],
            "participation": {
                "activities": totals.activities,
                "service_users": _count(totals.service_users),
                "relatives": _count(totals.relatives),
                "staff": _count(totals.staff),
                "partners": _count(totals.partners),
            },
            "challenge_picture": None
            if latest is None
            else {
                "version": latest.number,
                "items": [{"kind": item.kind, "text": item.text} for item in latest.items.all()],
            },
            "comparisons": [
                {"id": c.pk, "title": c.title, "url": _absolute(request, "comparison:api_comparison", c.pk)}
                for c in comparisons_of(process)
            ],
            "matrices": [
                {"id": m.pk, "title": m.title, "url": _absolute(request, "comparison:api_matrix", m.pk)}
                for m in matrices_of(process)
            ],
        }
    return _json(data)


@require_safe
def comparison_detail(request: HttpRequest, comparison_id: int) -> JsonResponse:
    comparison = (
        Comparison.objects.select_related("process__organisation", "dataset", "population")
        .filter(pk=comparison_id)
        .first()
    )
    if comparison is None or not comparison.process.is_published:
        raise Http404
    with translation.override(_language(request, comparison.process)):
        table = comparison_table(comparison)
        dataset = comparison.dataset
        data = {
            "id": comparison.pk,
            "process": _absolute(request, "comparison:api_process", comparison.process_id),
            "title": comparison.title,
            "note": comparison.note,
            "unit": table.unit,
            "per_inhabitants": comparison.per or None,
            "periods": table.periods,
            "series_breaks": table.break_periods,
            "rows": [
                {
                    "region": row.key,
                    "name": row.name,
                    "own_municipality": row.home,
                    "national": row.national,
                    "values": [
                        {"period": period, "value": v.value, "flag": v.flag or None, "starts_series": v.starts_series}
                        for period, v in zip(table.periods, row.values, strict=True)
                    ],
                }
                for row in table.rows
            ],
            "provenance": {
                "source": dataset.source,
                "table_id": dataset.table_id,
                "title": dataset.title,
                "query": dataset.query,
                "fetched_at": dataset.fetched_at,
                "updated": dataset.updated,
                "unit": dataset.unit,
                "footnotes": dataset.footnotes,
                "population": None
                if comparison.population is None
                else {
                    "source": comparison.population.source,
                    "table_id": comparison.population.table_id,
                    "fetched_at": comparison.population.fetched_at,
                },
            },
        }
    return _json(data)


@require_safe
def matrix_detail(request: HttpRequest, matrix_id: int) -> JsonResponse:
    matrix = Matrix.objects.select_related("process").filter(pk=matrix_id).first()
    if matrix is None or not matrix.process.is_published:
        raise Http404
    grid = matrix_grid(matrix)
    return _json(
        {
            "id": matrix.pk,
            "process": _absolute(request, "comparison:api_process", matrix.process_id),
            "title": matrix.title,
            "columns": [str(column) for column in grid.columns],
            "rows": [
                {
                    "dimension": str(row),
                    "cells": [
                        None
                        if cell is None
                        else {"text": cell.text, "source": cell.source_kind, "reference": cell.source_note}
                        for _column, cell in cells
                    ],
                }
                for row, cells in grid.rows
            ],
        }
    )


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(openapi_description(request.build_absolute_uri("/api/v1")))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _get(summary: str, schema: str, *, params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": params or [],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
                "404": {"description": "No such published process, comparison or matrix."},
            },
        }
    }


def openapi_description(server: str) -> dict[str, Any]:
    """The API as OpenAPI 3.1: every path, parameter and response shape."""

    def path_id(name: str) -> dict[str, Any]:
        return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}

    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["nb", "nn", "sv", "en"]},
    }
    count = {
        "type": "object",
        "properties": {"value": {"type": ["integer", "null"]}, "suppressed": {"type": "boolean"}},
        "required": ["value", "suppressed"],
    }
    link = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samskap open results",
            "version": "1.0.0",
            "description": (
                "Published processes, their comparisons of municipalities and comparison matrices. "
                f"Counts of people from 1 to {SMALL_COUNT} are never given: they are null with suppressed true, "
                "or a value null with the flag 'suppressed'."
            ),
        },
        "servers": [{"url": server}],
        "paths": {
            "/processes/": _get(
                "Published processes, newest first",
                "ProcessList",
                params=[
                    {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}}
                ],
            ),
            "/processes/{process_id}/": _get("One published process", "Process", params=[path_id("process_id"), lang]),
            "/comparisons/{comparison_id}/": _get(
                "A comparison of municipalities in a published process",
                "Comparison",
                params=[path_id("comparison_id"), lang],
            ),
            "/matrices/{matrix_id}/": _get(
                "A comparison matrix in a published process", "Matrix", params=[path_id("matrix_id")]
            ),
        },
        "components": {
            "schemas": {
                "Count": count,
                "Link": link,
                "ProcessList": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "next": {"type": ["string", "null"]},
                        "results": {"type": "array", "items": link},
                    },
                },
                "Process": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "kind": {"type": "string"},
                        "summary": {"type": "string"},
                        "organisation": {"type": "object"},
                        "language": {"type": "string"},
                        "published_at": {"type": ["string", "null"], "format": "date-time"},
                        "phases": {"type": "array", "items": {"type": "object"}},
                        "how_to_take_part": {"type": "string"},
                        "results_so_far": {"type": "string"},
                        "materials": {"type": "array", "items": {"type": "object"}},
                        "participation": {
                            "type": "object",
                            "properties": {
                                "activities": {"type": "integer"},
                                "service_users": _ref("Count"),
                                "relatives": _ref("Count"),
                                "staff": _ref("Count"),
                                "partners": _ref("Count"),
                            },
                        },
                        "challenge_picture": {"type": ["object", "null"]},
                        "comparisons": {"type": "array", "items": link},
                        "matrices": {"type": "array", "items": link},
                    },
                },
                "Comparison": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "unit": {"type": "string"},
                        "per_inhabitants": {"type": ["integer", "null"], "enum": [1000, 10000, None]},
                        "periods": {"type": "array", "items": {"type": "string"}},
                        "series_breaks": {"type": "array", "items": {"type": "string"}},
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "region": {"type": "string"},
                                    "name": {"type": "string"},
                                    "own_municipality": {"type": "boolean"},
                                    "national": {"type": "boolean"},
                                    "values": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "period": {"type": "string"},
                                                "value": {"type": ["number", "null"]},
                                                "flag": {
                                                    "type": ["string", "null"],
                                                    "enum": ["suppressed", "missing", "no_population", None],
                                                },
                                                "starts_series": {"type": "boolean"},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                        "provenance": {"type": "object"},
                    },
                },
                "Matrix": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {"type": "array", "items": {"type": "object"}},
                    },
                },
            }
        },
    }
