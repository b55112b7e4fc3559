"""Gunicorn for the web processes (docker-compose.yml, docs/deploy.md). Every value can be set from the environment.

gthread workers: each process serves GUNICORN_THREADS requests at once, so a request waiting on PostgreSQL or Redis
does not hold a whole process, and the proxy's keep-alive connections are kept. The proxy buffers slow clients, and
its proxy_read_timeout (60 s) is the request time limit visitors see; GUNICORN_TIMEOUT only restarts a worker that
stopped answering its master. Workers are restarted after GUNICORN_MAX_REQUESTS requests (with jitter, so not all
at once), which bounds slow memory growth. Each thread may hold one database connection (DATABASE_CONN_MAX_AGE):
processes x threads x hosts must stay below PostgreSQL's max_connections.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(multiprocessing.cpu_count() * 2, 8))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The site logs one JSON line per request itself (config/logging.py); Gunicorn's own messages go to stderr.
accesslog = None
errorlog = "-"
# Temporary files of the worker heartbeat in memory, not on a container's overlay file system.
worker_tmp_dir = "/dev/shm"  # noqa: S108
