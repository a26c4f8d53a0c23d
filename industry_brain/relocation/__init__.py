"""企业迁移监测 (D6): relocation risk per enterprise from its signals, and a watch list."""
