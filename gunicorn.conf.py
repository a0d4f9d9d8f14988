"""gunicorn's settings in one place: the image's CMD, docker-compose.yml's web service and bench/run.py use this file
(`gunicorn -c gunicorn.conf.py`); the bench passes its own --workers/--threads/--bind on top.

gthread workers, 2 processes × 4 threads: what the benchmark measured (README, Performance). Most of a request is
waiting for PostgreSQL, so threads serve the waiting requests while one process per core runs Python. More cores:
WEB_CONCURRENCY = the number of cores; GUNICORN_THREADS stays 4 unless a bench says otherwise.
"""

import os

wsgi_app = "backoffice.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is a bug (PDFs are rendered by the pdf worker, not in a request): the worker is
# replaced. Keep-alive for the proxy in front; a worker is replaced now and then so a slow leak cannot grow.
timeout = 60
graceful_timeout = 30
keepalive = 60
max_requests = 2000
max_requests_jitter = 200
# No access log of gunicorn's own: the app writes one line per request (backoffice.middleware.RequestLogMiddleware,
# JSON with the request id, the path without its query string, the user id). gunicorn's line would repeat it with
# the query string, i.e. what staff searched for (names, e-mail addresses). GUNICORN_ACCESS_LOG=- turns it on.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The container's /tmp can be a slow overlay: the heartbeat files of the workers go to memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Once a worker has loaded the app, everything loaded so far (Django, the apps, the URL patterns: ~300,000
    objects that live as long as the worker) is moved out of the garbage collector's sight (`gc.freeze()`): a full
    collection then walks only what requests made, not the whole app again (README, Performance)."""
    import gc

    gc.freeze()
