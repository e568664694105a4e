"""Run service calls at the same instant from several threads, for tests of races."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction


def run_at_once(jobs, *, rows):
    """Run each job (a callable) in its own thread and database connection; return what each
    returned or raised, in order.

    On PostgreSQL this thread first locks `rows` (a queryset): the jobs' plain reads pass, but
    their writes of those rows, and their locking reads, wait. Once every job waits, the lock
    goes, so without locking reads each job counted before any wrote: the race is lost every
    time, not by chance. SQLite has no row locks; there the jobs merely start together.
    """
    go = threading.Event()

    def work(job):
        try:
            go.wait(timeout=30)
            return job()
        except Exception as error:  # noqa: BLE001 (the test looks at what each job met)
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(len(jobs)) as pool:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                list(rows.select_for_update())
                futures = [pool.submit(work, job) for job in jobs]
                go.set()
                _wait_for_lock_waiters(len(jobs), futures)
        else:
            futures = [pool.submit(work, job) for job in jobs]
            go.set()
        return [future.result(timeout=60) for future in futures]


def _wait_for_lock_waiters(count: int, futures) -> None:
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and not any(future.done() for future in futures):
            # Statistics views keep one snapshot per transaction unless told otherwise.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.01)
