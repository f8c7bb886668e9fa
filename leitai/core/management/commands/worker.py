"""`leitai worker`: run background jobs (django-tasks' database worker) and the schedule.

It is django-tasks-db's `db_worker` with one addition: before each pass over the queue it runs
the scheduled jobs that are due (`leitai.core.schedule.run_due`), so nothing needs cron. The
options are db_worker's (`--batch` runs what is queued now and stops; `--interval` is the pause
between passes). SIGTERM lets the running job or scheduled run finish, then stops.
"""

from __future__ import annotations

import logging
import time

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from leitai.core.context import origin


class _OncePerWorker(logging.Filter):
    """Drop db_worker's start and "no more tasks" lines, which each pass would repeat."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(("Starting worker", "No more tasks to run"))


class ScheduleWorker(Worker):
    """A db_worker that also runs the due scheduled jobs before each pass over the queue."""

    def __init__(self, *, keep_going: bool, schedule: bool, **kwargs):
        super().__init__(**kwargs)
        self.keep_going = keep_going
        self.schedule = schedule

    def run(self) -> None:
        logger = logging.getLogger("django_tasks_db")
        logger.info("Starting worker worker_id=%s (jobs and schedule)", self.worker_id)
        quiet = _OncePerWorker()
        logger.addFilter(quiet)
        try:
            self._loop()
        finally:
            logger.removeFilter(quiet)

    def _loop(self) -> None:
        while self.running:
            if self.schedule:
                self.run_schedule()
            super().run()  # batch mode: every task ready now, then back here
            self.startup_delay = False  # once, at start
            done = self.max_tasks is not None and self._run_tasks >= self.max_tasks
            if done or not (self.keep_going and self.running):
                return
            time.sleep(self.interval)

    def run_schedule(self) -> None:
        from leitai.core.schedule import run_due

        self.running_task = True  # a SIGTERM now waits for the scheduled runs to end
        try:
            with origin("system"):
                run_due()
        finally:
            self.running_task = False

    def run_task(self, db_task_result) -> None:
        with origin("system"):  # the job's audit rows: made by the system, one request id
            super().run_task(db_task_result)


class Command(DBWorkerCommand):
    help = "Run background jobs and the schedule (stop with SIGTERM)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Run queued jobs only, not the scheduled ones (another worker runs those).",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, schedule=True, **options):  # fmt: skip
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        worker = ScheduleWorker(
            keep_going=not batch,
            schedule=schedule,
            queue_names=queue_names,
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=startup_delay and not batch,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
