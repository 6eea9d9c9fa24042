"""A job that works through everything waiting (confirmations to send, freezes to propose),
queued at most once at a time: whoever adds work marks the job queued in the broker's Redis
(``SET NX EX``) and queues it only if no mark was there (decisions 0042 and 0046).

The job clears the mark before it reads what waits, so work committed after that point queues
a job of its own. A mark whose job was lost expires after ``held_seconds``; the work itself
stays in the database for the periodic sweep.
"""

from dataclasses import dataclass

import redis
from celery import Task

from vigilance.core.redis_clients import command_run, redis_client


@dataclass(frozen=True)
class BatchJob:
    task: Task
    mark: str
    held_seconds: int = 10
    # The job starts this long after it is queued, so that the work added meanwhile joins it.
    delay_seconds: float = 0.5

    def queue(self) -> None:
        """Queue the job after ``delay_seconds``, unless one is queued already."""
        if self.mark_set():
            try:
                self.task.apply_async(countdown=self.delay_seconds)
            except Exception:
                self.mark_clear()  # the next one tries again
                raise

    def queue_next(self) -> None:
        """Queue the job at once, behind those queued meanwhile (a job that left work)."""
        if self.mark_set():
            self.task.delay()

    def mark_set(self) -> bool:
        """Mark the job queued; False if it already is."""
        # Every filing sets it: written without redis-py's command layer (redis_clients).
        reply = command_run(self._broker(), "SET", self.mark, 1, "NX", "EX", self.held_seconds)
        return reply is not None

    def mark_clear(self) -> None:
        self._broker().delete(self.mark)

    def _broker(self) -> redis.Redis:
        return redis_client(self.task.app.conf.broker_url)
