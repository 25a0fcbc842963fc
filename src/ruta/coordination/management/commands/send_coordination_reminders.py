"""E-mail the daily coordination reminders: overdue action items to their owner institutions,
cooperation agreements due for renewal to the institution that recorded them (run once a day
from cron; running it twice the same day sends nothing more)."""

from django.core.management.base import BaseCommand

from ruta.coordination.services.agreements import action_reminders_send
from ruta.coordination.services.cooperation import cooperation_reminders_send


class Command(BaseCommand):
    help = "Send the overdue action items and cooperation renewal reminders (once per day)."

    def handle(self, *args, **options) -> None:
        actions = action_reminders_send()
        renewals = cooperation_reminders_send()
        self.stdout.write(f"{actions} action digest(s), {renewals} renewal digest(s) sent.")
