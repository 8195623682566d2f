# The portal's image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir -e . \
    && DJANGO_ENV=production SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       FIELD_ENCRYPTION_KEYS=x8MCOvWlO8BuyXFNlIR1bMZVK0GSFgUdGzXSMe9YEjk= LOOKUP_HASH_KEY=build-only \
       python manage.py collectstatic --noinput

RUN useradd --system --home /app portal && mkdir -p /app/media && chown portal /app/media
USER portal

EXPOSE 8000
CMD ["gunicorn", "taijiang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
