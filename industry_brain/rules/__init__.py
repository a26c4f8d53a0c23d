"""Rules-as-code: a small declarative language over named enterprise facts, three-valued."""
