"""产业动态监测 (D3): indicators as data, computed by the pipeline, with forecasts."""
