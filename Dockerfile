FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kamervragen kamervragen
COPY documents documents
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings but no database: DATABASE_URL only has to parse.
RUN SECRET_KEY=build DATABASE_URL=postgresql://build/build python manage.py collectstatic --noinput
RUN useradd --create-home kamervragen && mkdir -p /data/media && chown kamervragen /data/media
USER kamervragen
EXPOSE 8000
