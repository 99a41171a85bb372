"""The catalog API under /catalog: services (list, search, one), offices (list, one, open now), facts by age.

Errors have the backend's usual shape `[{"code": 404, "description": "<German>"}]`.
"""

from typing import Optional

from fastapi import APIRouter, Request

from backend import dates
from backend.catalog.data import Catalog
from backend.errors import bad_request, not_found

router = APIRouter()


def _catalog(request: Request) -> Catalog:
    return request.app.state.catalog


@router.get("/services", name="catalog.services:list")
def list_services(request: Request, q: Optional[str] = None):
    """All services, or those matching `q` (names, descriptions, keywords), best first."""
    catalog = _catalog(request)
    services = catalog.services(q)
    return {"query": q, "count": len(services), "services": services, "catalog": catalog.render.meta()}


@router.get("/services/{code}", name="catalog.services:get")
def get_service(request: Request, code: str):
    """One service with its office, fees, documents, appointment, online options, sources and Stand."""
    catalog = _catalog(request)
    if not catalog.has_service(code):
        raise not_found(f"Die Leistung „{code}“ gibt es im Katalog nicht. Alle Leistungen: /catalog/services")
    return catalog.service(code)


@router.get("/facts", name="catalog.facts:list")
def list_facts(request: Request, older_than_months: Optional[int] = None):
    """Every fact with its Stand, age in months, scope and source address, oldest (and undated) first.

    `older_than_months=12` keeps only facts older than that, and the undated ones: what staff should check.
    """
    if older_than_months is not None and older_than_months < 0:
        raise bad_request("„older_than_months“ muss eine Zahl ab 0 sein.")
    catalog = _catalog(request)
    facts = catalog.facts(dates.now().astimezone(dates.BERLIN).date(), older_than_months)
    return {"count": len(facts), "older_than_months": older_than_months, "facts": facts,
            "catalog": catalog.render.meta()}


@router.get("/offices", name="catalog.offices:list")
def list_offices(request: Request):
    """All offices with address, contact, booking and opening hours."""
    catalog = _catalog(request)
    offices = catalog.offices()
    return {"count": len(offices), "offices": offices, "catalog": catalog.render.meta()}


@router.get("/offices/{office_id}", name="catalog.offices:get")
def get_office(request: Request, office_id: str):
    """One office."""
    return _catalog(request).office(_known_office(request, office_id))


@router.get("/offices/{office_id}/open", name="catalog.offices:open")
def office_open(request: Request, office_id: str, at: Optional[str] = None):
    """Open at `at` (ISO 8601; without offset = Berlin time; default now)? And when next?"""
    office_id = _known_office(request, office_id)
    try:
        moment = dates.parse(at) if at else dates.now()
    except ValueError:
        raise bad_request(f"„at“ ist keine Zeitangabe im Format ISO 8601 (z. B. 2026-11-26T10:30:00+01:00): {at!r}")
    return _catalog(request).open_status(office_id, moment)


def _known_office(request: Request, office_id: str) -> str:
    if not _catalog(request).has_office(office_id):
        raise not_found(f"Das Amt „{office_id}“ gibt es im Katalog nicht. Alle Ämter: /catalog/offices")
    return office_id
