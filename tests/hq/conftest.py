"""HQ fixtures live in tests/hq/server.py so other test packages can import them too."""

from tests.hq.server import hq_db_url, hq_server, pg_cluster_session

__all__ = ["hq_db_url", "hq_server", "pg_cluster_session"]
