"""Celery tasks. `tasks` imports `workflow`; `workflow` never imports `tasks`."""
