"""Registers the warnings domain (filled as the domain grows)."""
