"""Ingest (A1): receive a file, keep it unchanged, validate it, load accepted rows into ODS."""
