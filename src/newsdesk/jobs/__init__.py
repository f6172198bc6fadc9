"""Glue between the pure pipeline and the store: the only package importing both.

Jobs are idempotent and keep their state on database rows (due times, leases, error
counts), so a queue backend can lose a job or a worker can die mid-job and the work is
only delayed: the lease expires and the scheduler hands the row out again.
"""
