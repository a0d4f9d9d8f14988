# The real Redis, broker, Celery workers (and the SMTP server they expect) for test_print_integration.py.
from tests.notifications.conftest import broker, jobs, redis_server, smtp_server  # noqa: F401
