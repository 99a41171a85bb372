"""The staff web's routers, one per resource (login, reports)."""
