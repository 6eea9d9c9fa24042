"""Monthly partitions of the big append-only tables (PostgreSQL declarative partitioning).

``convert`` turns today's tables into partitioned ones (the migrations call it), ``ensure``
creates the months ahead (a daily Celery task and ``manage.py partitions_ensure``). On SQLite
the tables stay plain and both do nothing: the same models and code run on either.
"""

from vigilance.core.partitions.ensure import PARTITIONED_TABLES, partitions_ensure

__all__ = ["PARTITIONED_TABLES", "partitions_ensure"]
