"""Helpers for the members app's tests."""

from django.urls import reverse


def post_admin_action(client, model: str, action: str, ids, **data):
    """Run an admin action on the changelist of ``members.<model>`` and confirm its form."""
    return client.post(
        reverse(f"admin:members_{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in ids], "apply": "1", **data},
        follow=True,
    )
