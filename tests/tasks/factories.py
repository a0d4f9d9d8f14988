from datetime import timedelta

from django.utils import timezone

from tasks.services import task_add
from tests.backoffice.factories import StaffFactory
from tests.orders.factories import make_order


def make_task(*, order=None, actor=None, assignee=None, due_at=None, description="Bel de klant terug", **options):
    """A task through Taak toevoegen (the real service): its history event included. Due tomorrow by default."""
    actor = actor or StaffFactory()
    return task_add(
        order=order or make_order(),
        actor=actor,
        assignee=assignee or actor,
        due_at=due_at or timezone.now() + timedelta(days=1),
        description=description,
        **options,
    )
