# Production image: web (gunicorn), worker and beat all run from it (see k8s/).
# Base pinned by version; pin the digest too when building for production
# (`docker buildx imagetools inspect python:3.11.14-slim-bookworm`), as FROM name:tag@sha256:…
# digest: fill in at the first release build; this machine cannot resolve it.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
# Dependency layer first: cached while only the application code changes.
COPY pyproject.toml requirements.lock package.json package-lock.json ./
RUN pip install -r requirements.lock && npm ci --no-audit --no-fund --omit=dev
COPY . .
RUN pip install --no-deps . \
    && EMBEDDED_POSTGRES=false SECRET_KEY=build python manage.py collectstatic --noinput \
    && EMBEDDED_POSTGRES=false SECRET_KEY=build python manage.py compilemessages -l en

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH
# Pango and a font for the motions' PDFs (WeasyPrint).
RUN apt-get update && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 wecreate \
    && useradd --system --uid 10001 --gid 10001 --no-create-home wecreate
WORKDIR /app
COPY --from=builder /venv /venv
COPY --from=builder --chown=10001:10001 /app /app
RUN rm -rf /app/node_modules /app/tests /app/bench
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "config.wsgi", "-w", "4", "-b", "0.0.0.0:8000", "--access-logfile", "-", "--worker-tmp-dir", "/tmp"]
