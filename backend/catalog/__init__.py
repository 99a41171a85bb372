"""The service catalog of Gera: what a service costs, what to bring, where, when open; with sources.

The data lives in `catalog.yml` next to this file, which a city can edit; it
is validated when the backend starts (`load`), and served under /catalog by
`router`. `hours` answers "open now?" in Europe/Berlin with Thuringian
public holidays.
"""

from backend.catalog.data import CATALOG_FILE, Catalog, load, parse
from backend.catalog.hours import holiday_name, is_open, next_opening
from backend.catalog.routes import router
from backend.catalog.validate import SERVICE_CODES, CatalogError, problems, validate

__all__ = [
    "CATALOG_FILE", "Catalog", "CatalogError", "SERVICE_CODES", "holiday_name", "is_open", "load",
    "next_opening", "parse", "problems", "router", "validate",
]
