"""The industry data warehouse (A1–A4): standards, ingest, quality, layers, catalogue."""
