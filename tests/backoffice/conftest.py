# The real Redis, Celery worker and SMTP server of the delivery integration tests: the request id test in
# test_logging.py follows a request into the job a worker runs.
from tests.notifications.conftest import broker, jobs, redis_server, smtp_server  # noqa: F401
