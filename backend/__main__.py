"""`python -m backend`: run the backend with uvicorn on the host and port of BACKEND_URL."""

import logging

import uvicorn

from backend import config
from backend.access_log import logging_config
from backend.app import create_app

log = logging.getLogger("backend")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = config.load()
    app = create_app(settings)
    where = "OPEN311_API_KEY" if settings.configured_api_key else settings.data_dir / config.API_KEY_FILE
    log.info("Open311 endpoint %s (data in %s, API key from %s)", settings.open311_url, settings.data_dir, where)
    # ws="none": websockets is pinned to 10.4 by rasa, and the backend needs no websockets.
    # The access log names no citizen: queries are pseudonymised, addresses shortened (backend/access_log.py).
    uvicorn.run(app, host=settings.host, port=settings.port, ws="none", log_level="info",
                log_config=logging_config(settings.data_dir))


if __name__ == "__main__":
    main()
