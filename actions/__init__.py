"""Custom actions of Stadtbot Gera, served by the rasa-sdk action server.

The action server imports every module of this package; actions/server.py
starts the outbox delivery loop there (and only there).
"""
