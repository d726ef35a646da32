"""Run jobs at the same instant in threads, each with its own database connection.

For the concurrency proofs on PostgreSQL (``select_for_update`` does nothing on
SQLite): each job's return value, or the exception it raised, in job order.
"""

import threading

from django.db import connection


def run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the refusals are what the tests look at
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def refusals(results, error_class):
    return [result for result in results if isinstance(result, error_class)]
