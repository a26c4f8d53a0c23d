"""Portals (门户): the landing page of each organisation type, and the enterprise workbench."""
