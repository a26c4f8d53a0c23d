"""The tamper-evident audit log (K3)."""
