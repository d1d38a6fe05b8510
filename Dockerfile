FROM python:3.11-slim
# STATIC_ROOT is set here, for the build's collectstatic and the containers alike: one place;
# so is the folder of local state (the lemma table's cache, below), whichever copy of the code runs.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/app/staticfiles KAMERVRAGEN_VAR_DIR=/app/var
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
# The lemma table's cache (var/cache, documents/lemma_table.py), built once here rather than at
# every worker start (0.35-0.45 s); var/ is the user's, so a cache a new spaCy needs is written.
RUN SECRET_KEY=build DATABASE_URL=postgresql://build/build python manage.py shell -c "from documents.spacy_pipeline import lemma_lookups; lemma_lookups()"
RUN useradd --create-home kamervragen && mkdir -p /data/media /app/var && chown kamervragen /data/media && chown -R kamervragen /app/var
USER kamervragen
EXPOSE 8000
