"""Custom actions of Stadtbot Gera, served by the rasa-sdk action server."""
