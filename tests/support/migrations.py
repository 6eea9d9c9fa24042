"""Moving the test database to given migrations for a migration test, and back to the latest of
every app afterwards: migrating one app back also undoes the later migrations of the apps that
depend on it, which the tests after it need."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> Apps:
    """Every app at its latest migration again; the current models' historical twins."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return migrate_to(leaves)
