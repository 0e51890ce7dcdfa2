# Production image: web (gunicorn), worker and beat all run from it (see k8s/).
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock package.json package-lock.json ./
COPY . .
RUN pip install -c requirements.lock . \
    && npm ci --no-audit --no-fund --omit=dev \
    && EMBEDDED_POSTGRES=false SECRET_KEY=build python manage.py collectstatic --noinput \
    && EMBEDDED_POSTGRES=false SECRET_KEY=build python manage.py compilemessages -l en
RUN useradd --system --uid 10001 wecreate && chown -R wecreate /app/.local
USER wecreate
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-w", "4", "-b", "0.0.0.0:8000", "--access-logfile", "-"]
