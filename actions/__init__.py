"""Custom actions of Stadtbot Gera, served by the rasa-sdk action server.

Importing the package (the action server does it at start) also starts the
outbox delivery loop, which files reports that waited while the city's
Open311 server was unreachable.
"""

from actions import config, outbox

outbox.start_delivery_loop(config.load())
