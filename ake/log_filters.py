import logging


class TaskContextFilter(logging.Filter):
    """Adds the running Celery task's id and name to every record, so a task's errors can be traced."""

    def filter(self, record: logging.LogRecord) -> bool:
        task_id = task_name = None
        try:
            from celery import current_task

            if current_task and current_task.request and current_task.request.id:
                task_id = current_task.request.id
                task_name = current_task.name
        except Exception:  # noqa: BLE001, S110 - logging must never fail because Celery is absent
            task_id = task_name = None
        record.task_id = task_id
        record.task_name = task_name
        return True
