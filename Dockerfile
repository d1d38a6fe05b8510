FROM python:3.11-slim
# STATIC_ROOT is set here, for the build's collectstatic and the containers alike: one place.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/app/staticfiles
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kamervragen kamervragen
COPY documents documents
COPY evaluation evaluation
COPY alerts alerts
COPY opendata opendata
# Production needs no embedded PostgreSQL (the local extra) and no test tools (dev).
RUN pip install --no-cache-dir ".[sentry]"
COPY . .
# collectstatic needs settings but no database: DATABASE_URL only has to parse.
RUN SECRET_KEY=build DATABASE_URL=postgresql://build/build python manage.py collectstatic --noinput
RUN useradd --create-home kamervragen && mkdir -p /data/media && chown kamervragen /data/media
USER kamervragen
EXPOSE 8000
