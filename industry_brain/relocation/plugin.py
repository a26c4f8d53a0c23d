"""Registers the relocation domain (filled as the domain grows)."""
