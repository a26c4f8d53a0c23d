"""Code tables: GB/T 4754-2017 industries, GB/T 2260 regions."""
