"""Start-up of the action server process: the outbox delivery loop.

rasa-sdk imports every module of the actions package when it starts, so
this runs once per action server; other importers (tests, scripts) do not
import this module and start nothing.
"""

from actions import config, outbox

outbox.start_delivery_loop(config.load())
