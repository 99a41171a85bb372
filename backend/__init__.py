"""The city side of Stadtbot Gera: an Open311 GeoReport v2 server (JSON), photo upload, storage.

Start it with `python -m backend`; build it in code with `backend.app.create_app(settings)`.
"""
