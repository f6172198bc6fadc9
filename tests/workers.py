"""Run work as two database clients at once: one thread each, started together."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(work: Callable[[int], None], workers: int = 2) -> None:
    """Call ``work(0)`` ... ``work(workers - 1)`` in threads released together; each thread
    has its own database connection (closed when it ends). Re-raises the first error."""
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as error:  # re-raised by the calling thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
