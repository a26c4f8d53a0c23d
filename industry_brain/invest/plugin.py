"""Registers the 招商 domain (filled as the domain grows)."""
