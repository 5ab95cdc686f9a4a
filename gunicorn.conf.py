"""gunicorn settings for the timeline API.

gunicorn reads this file from the directory it is started in (``gunicorn wsgi:app``),
or from ``-c gunicorn.conf.py``; any setting can still be given on the command line.
TIMELINE_BIND and TIMELINE_WEB_WORKERS choose the address and the number of processes.
"""
import multiprocessing
import os

bind = os.environ.get("TIMELINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TIMELINE_WEB_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 8))

# Reads are quick; a POST /documents analyses its text within the request, and
# on SQLite a write may wait up to 30 s for a long regrouping before it answers
# 503: the worker timeout leaves room for both.
timeout = 120
graceful_timeout = 30
keepalive = 5

# The longest request line the API expects: /events with every text filter at
# its 200-character limit, percent-encoded Arabic (6 bytes a letter), and a
# cursor. 8190 is the most gunicorn allows; longer lines get a 414.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190
