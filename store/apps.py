from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    """The points store: rewards members redeem with their points, and the orders.

    A separate app over the ledger: the ledger (``submissions``) stays the one
    owner of point entries; the store only writes through its services.
    """

    name = "store"
    verbose_name = _("Points store")

    # Synced to the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "store.view_reward",
        "store.add_reward",
        "store.change_reward",
        "store.view_order",
        "store.ship_order",
        "store.view_ordertransition",
    ]
