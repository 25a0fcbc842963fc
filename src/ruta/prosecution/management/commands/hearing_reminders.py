"""Remind who attends tomorrow's hearings (run it every hour, or at least once a day)."""

from django.core.management.base import BaseCommand

from ruta.prosecution.reminders import remind_hearings


class Command(BaseCommand):
    help = "Notify the person in charge of each file whose hearing is tomorrow, once each."

    def handle(self, *args, **options) -> None:
        count = remind_hearings()
        self.stdout.write(f"{count} hearing(s) reminded.")
