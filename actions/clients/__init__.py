"""Clients of the HTTP APIs the custom actions call (one module per external service)."""
