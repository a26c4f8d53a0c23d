"""沿链精准招商 (D5): candidates chosen by the chain's gaps, scores explained, leads followed."""
