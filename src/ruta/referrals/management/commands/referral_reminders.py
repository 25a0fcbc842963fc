"""Remind receivers of referrals waiting past their time limit (run it every 15 minutes)."""

from django.core.management.base import BaseCommand

from ruta.referrals.services.reminders import remind_overdue


class Command(BaseCommand):
    help = "Notify the institutions whose referrals wait past their answer time, once each."

    def handle(self, *args, **options) -> None:
        count = remind_overdue()
        self.stdout.write(f"{count} overdue referral(s) reminded.")
