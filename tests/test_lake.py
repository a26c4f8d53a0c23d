"""The DuckDB lake: layer schemas, and no extension is ever fetched from the network."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import duckdb
import pytest

from industry_brain import lake
from industry_brain.settings import Settings


def test_connect_creates_the_layer_schemas(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with lake.connect(settings) as con:
        rows = con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()
        schemas = {row[0] for row in rows}
        flags = con.execute(
            "SELECT current_setting('autoinstall_known_extensions'), "
            "current_setting('autoload_known_extensions')"
        ).fetchone()
    assert set(lake.LAYER_SCHEMAS) <= schemas
    assert flags == (False, False)
    with lake.connect(settings, read_only=True) as con:
        assert con.execute("SELECT 42").fetchone() == (42,)


def test_connections_are_bounded_and_spill_to_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, lake_memory_limit="100MB")
    with lake.connect(settings) as con:
        limit, temp = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchone() or (None, None)
        # A sort bigger than the limit completes by spilling instead of failing.
        count = con.execute(
            "SELECT count(*) FROM (SELECT range AS n, md5(range::VARCHAR) AS h "
            "FROM range(3000000) ORDER BY h)"
        ).fetchone()
    assert limit == "95.3 MiB"  # 100 MB, as DuckDB prints it
    assert Path(str(temp)) == (tmp_path / "tmp" / "duckdb").resolve()
    assert count == (3_000_000,)


def test_a_malformed_memory_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="lake_memory_limit"):
        Settings(lake_memory_limit="lots")


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def extension_repository() -> Iterator[str]:
    """A local HTTP server standing in for DuckDB's extension repository; it records hits."""
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(tmp_path: Path, repository: str, config: dict[str, object]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={**config, "extension_directory": str(tmp_path / "ext")})
    con.execute(f"SET custom_extension_repository = '{repository}'")
    return con


def test_lake_config_makes_no_extension_request(tmp_path: Path, extension_repository: str) -> None:
    con = _open(tmp_path, extension_repository, dict(lake.CONNECTION_CONFIG))
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('https://example.invalid/data.csv')")
    con.close()
    assert _Recorder.requests == []


def test_the_probe_would_see_an_autoinstall(tmp_path: Path, extension_repository: str) -> None:
    """Control: with DuckDB's defaults the same query does reach the repository."""
    con = _open(
        tmp_path,
        extension_repository,
        {"autoinstall_known_extensions": True, "autoload_known_extensions": True},
    )
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('https://example.invalid/data.csv')")
    con.close()
    assert any("httpfs" in path for path in _Recorder.requests)
