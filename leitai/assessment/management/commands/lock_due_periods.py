"""`leitai lock_due_periods`: open periods that are due and lock those past their lock time."""

from django.core.management.base import BaseCommand

from leitai.assessment.scheme.services.periods import periods_advance_due


class Command(BaseCommand):
    help = "Open pending periods past their opening time and lock periods past their lock time."

    def handle(self, *args, **options):
        done = periods_advance_due()
        for code in done["opened"]:
            self.stdout.write(f"opened {code}")
        for code in done["locked"]:
            self.stdout.write(f"locked {code}")
        self.stdout.write(f"{len(done['opened'])} opened, {len(done['locked'])} locked")
