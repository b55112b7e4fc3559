# syntax=docker/dockerfile:1
# Sammen om byen: one image for the web processes (Gunicorn), the task worker (db_worker) and one-off commands
# (migrate, createsuperuser, send_digests). See docs/deploy.md and docker-compose.yml.

# 1. Front-end assets from npm, copied as `make assets` copies them.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN mkdir -p static/vendor/dkfds static/vendor/leaflet.markercluster \
 && cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts \
          node_modules/dkfds/dist/img static/vendor/dkfds/ \
 && cp node_modules/leaflet.markercluster/dist/*.js node_modules/leaflet.markercluster/dist/*.js.map node_modules/leaflet.markercluster/dist/*.css \
       static/vendor/leaflet.markercluster/

# 2. Python packages from requirements.lock (the project installs only its dependencies), translations compiled,
#    static files collected with hashed names (WhiteNoise serves them).
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /app
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .
COPY . .
COPY --from=assets /src/static/vendor static/vendor
RUN DJANGO_SETTINGS_MODULE=config.settings.dev python manage.py compilemessages -v 0 \
        --ignore=node_modules --ignore=static --ignore=tests \
 && DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=build-only-never-used-at-run-time \
        python manage.py collectstatic --no-input -v 0

# 3. The runtime: the virtualenv and the application, run as an unprivileged user.
FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sammen
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER sammen
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"]
