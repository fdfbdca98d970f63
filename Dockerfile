# SPDX-License-Identifier: EUPL-1.2
# opentenzij: needs only OPENTENZIJ_DATABASE_URL and OPENTENZIJ_SECRET_KEY at run time.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY requirements/lock.txt ./requirements/lock.txt
COPY catalogue ./catalogue
COPY wooexemptions ./wooexemptions
COPY harvesters ./harvesters
RUN python -m venv /opt/opentenzij \
    && /opt/opentenzij/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/opentenzij/bin/pip install --no-cache-dir --require-hashes -r requirements/lock.txt \
    && /opt/opentenzij/bin/pip install --no-cache-dir --no-deps .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin opentenzij
COPY --from=build /opt/opentenzij /opt/opentenzij
COPY static /app/static
ENV PATH=/opt/opentenzij/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OPENTENZIJ_ENV=production \
    OPENTENZIJ_STATIC_DIR=/app/static
WORKDIR /app
USER opentenzij
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# The same commands as README: apply migrations, then serve.
CMD ["sh", "-c", "opentenzij db upgrade && exec opentenzij serve --no-upgrade --host 0.0.0.0 --port 8000 --workers ${OPENTENZIJ_WORKERS:-2}"]
