"""E-mail the follow-up questionnaire to participants of sessions that ended three months ago
(run it once a day from cron)."""

from django.core.management.base import BaseCommand

from ruta.prevention.services.follow_ups import follow_ups_send


class Command(BaseCommand):
    help = "Send the three-month follow-up questionnaire's one-time links (once per enrolment)."

    def handle(self, *args, **options) -> None:
        count = follow_ups_send()
        self.stdout.write(f"{count} follow-up(s) sent.")
