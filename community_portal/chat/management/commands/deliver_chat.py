from django.core.management.base import BaseCommand

from community_portal.chat.delivery import chat_requeue_undelivered


class Command(BaseCommand):
    help = (
        "Queue every chat delivery that is pending and due (what the periodic sweep "
        "does). Without a broker, they are posted right away."
    )

    def handle(self, *args, **options):
        count = chat_requeue_undelivered()
        self.stdout.write(f"{count} chat delivery(ies) queued.")
