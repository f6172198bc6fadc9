"""Loaded with ``-p tests._env`` before pytest-django reads the Django settings.

Points newsdesk at a throw-away data directory so that a test run never touches the
user's real one, and maps ``NEWSDESK_TEST_DATABASE_URL`` (used by ``make test-pg``) onto
the database URL Django's test runner derives its test database from.
"""

import os
import tempfile

os.environ.setdefault("NEWSDESK_DATA_DIR", tempfile.mkdtemp(prefix="newsdesk-test-"))
os.environ.setdefault("NEWSDESK_SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
if os.environ.get("NEWSDESK_TEST_DATABASE_URL"):
    os.environ["NEWSDESK_DATABASE_URL"] = os.environ["NEWSDESK_TEST_DATABASE_URL"]
# Tests run jobs in line, one after the other (STYLE: inline queue backend in tests).
os.environ.setdefault("NEWSDESK_QUEUE", "inline")
os.environ.setdefault("NEWSDESK_HOST_DELAY", "0")
# The page cache reads the content version on every request in tests (no stale second).
os.environ.setdefault("NEWSDESK_PAGE_CACHE_CHECK", "0")
