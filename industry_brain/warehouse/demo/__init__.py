"""The demo cluster: the files an operator of 常州市 would receive for the NEV chain.

``generate_demo`` writes registry, operations, products, relations, honours, patents and
events files (CSV in UTF-8, UTF-8-BOM, GBK and GB18030, and XLSX), a few deliberately bad
rows in each, ``manifest.json`` describing every file, and ``truth/`` with the planted
shocks, relocations and chain nodes. It writes files only; importing them is the import
path's job.
"""

from industry_brain.warehouse.demo.generator import generate_demo
from industry_brain.warehouse.demo.manifest import BadRow, DemoFile, DemoManifest

__all__ = ["BadRow", "DemoFile", "DemoManifest", "generate_demo"]
