"""The layer pipeline (A3): ODS → DWD → DWS → ADS as SQLMesh models, then publish ADS."""
