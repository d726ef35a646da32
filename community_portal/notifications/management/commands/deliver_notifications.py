from django.core.management.base import BaseCommand

from community_portal.notifications.delivery import notifications_requeue_undelivered


class Command(BaseCommand):
    help = (
        "Queue every notification whose e-mail is still undelivered (what the periodic "
        "sweep does). Without a broker, they are delivered right away."
    )

    def handle(self, *args, **options):
        count = notifications_requeue_undelivered()
        self.stdout.write(f"{count} notification(s) queued for delivery.")
