# The backoffice image: gunicorn on port 8000 by default; docker-compose.yml runs the same image as the
# Celery worker and beat. Settings come from the environment (backoffice/settings/production.py).
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=backoffice.settings.production

# WeasyPrint (invoice and packing slip PDFs) needs Pango and HarfBuzz plus real fonts; gettext's msgfmt
# compiles the translations below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --uid 10001 --user-group app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so editing the code does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# The code runs from /app (templates/, static/ and locale/ live next to the apps; PYTHONPATH covers
# apps not yet listed in pyproject.toml); the install registers the project itself.
RUN pip install --no-deps -e .

# Build-time only: production settings refuse to load without a secret key and an SMTP host. These
# placeholders exist for this one step and are not in the image's environment.
RUN if [ -d locale ]; then \
        DJANGO_SECRET_KEY=build-time-only EMAIL_HOST=build-time-only python manage.py compilemessages; \
    fi \
    && DJANGO_SECRET_KEY=build-time-only EMAIL_HOST=build-time-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/mail /app/var/ticket-attachments \
    && chown -R app:app /app/var

USER app

EXPOSE 8000
CMD ["gunicorn", "backoffice.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
