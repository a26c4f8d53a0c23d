"""Organisations, users, roles, authentication and the access policy."""
