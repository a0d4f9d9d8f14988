# The backoffice image: gunicorn on port 8000 (gunicorn.conf.py); docker-compose.yml runs the same image as the
# one-shot migrate, the Celery workers and beat. Settings come from the environment (backoffice/settings/production.py).
#
# Two stages from the same base image. build: installs the locked dependencies (requirements/base.txt, every
# package pinned with its hashes) into a virtualenv, compiles the translations (gettext) and collects the static
# files. runtime: that virtualenv and the code, WeasyPrint's libraries and fonts, no compiler, no gettext, no pip
# cache, a non-root user.
# The base image is pinned by its exact tag (a digest is better: docker buildx imagetools inspect <tag>, then
# python:3.12.12-slim-bookworm@sha256:...); PYTHON_IMAGE overrides it at build time.
ARG PYTHON_IMAGE=python:3.12.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from the lock alone, so editing the code does not reinstall them. --require-hashes: a
# package whose file differs from the one that was tested is refused.
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/requirements.txt
RUN pip install --require-hashes --no-deps -r /tmp/requirements.txt

WORKDIR /app
COPY . .
# Build-time only: the production settings refuse to load without a secret key and an SMTP host. These placeholders
# exist for this one step and are not in the image's environment.
RUN export DJANGO_SETTINGS_MODULE=backoffice.settings.production \
        DJANGO_SECRET_KEY=build-time-only EMAIL_HOST=build-time-only \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput


FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=backoffice.settings.production

# WeasyPrint (invoice and packing slip PDFs) needs Pango and HarfBuzz plus real fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 --user-group app

COPY --from=build /opt/venv /opt/venv
# The code runs from /app (manage.py at the top, templates/, static/ and locale/ next to the apps): no install of
# the project itself is needed.
COPY --from=build /app /app
WORKDIR /app
RUN mkdir -p /app/var/media /app/var/ticket-attachments \
    && chown -R app:app /app/var

USER app

EXPOSE 8000
# Liveness only (the process answers): /readyz, for the proxy in front, also fails while the database is away,
# and a restart would not bring that back.
HEALTHCHECK --interval=30s --timeout=20s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=10)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
