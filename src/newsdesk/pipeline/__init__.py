"""Pure pipeline stages: fetch, parse, extract, dedup, cluster, enrich.

Nothing in this package imports Django or touches the database; collaborators
(the HTTP client, options, providers) are passed in by the callers in ``jobs``.
"""
