"""Order.open_tasks (the orders list's "Open taken" filter) is kept by the tasks services, and counted once for the
tasks that existed before it (tasks migration 0002)."""

import importlib

import pytest
from django.apps import apps

from backoffice.exceptions import ActionRefused
from orders.models import Order
from tasks.models import TaskStatus
from tasks.services import task_complete, task_update
from tests.orders.factories import make_order
from tests.tasks.factories import make_task

pytestmark = pytest.mark.django_db


def open_tasks(order) -> int:
    return Order.objects.get(pk=order.pk).open_tasks


def test_adding_changing_and_completing_tasks_keeps_the_count(staff, admin_user):
    order = make_order()

    first = make_task(order=order, actor=admin_user, assignee=staff)
    make_task(order=order, actor=admin_user, assignee=staff, status=TaskStatus.IN_PROGRESS)
    make_task(order=order, actor=admin_user, assignee=staff, status=TaskStatus.DONE)
    assert open_tasks(order) == 2

    task_update(task=first, actor=admin_user, changes={"status": TaskStatus.DONE})
    assert open_tasks(order) == 1
    task_update(task=first, actor=admin_user, changes={"status": TaskStatus.OPEN})
    assert open_tasks(order) == 2
    task_update(task=first, actor=admin_user, changes={"status": TaskStatus.IN_PROGRESS})  # still open
    assert open_tasks(order) == 2

    task_complete(task=first, actor=admin_user)
    assert open_tasks(order) == 1
    with pytest.raises(ActionRefused):
        task_complete(task=first, actor=admin_user)
    assert open_tasks(order) == 1


def test_the_migration_counts_the_tasks_that_are_not_done(staff, admin_user):
    busy, idle = make_order(), make_order()
    make_task(order=busy, actor=admin_user, assignee=staff)
    make_task(order=busy, actor=admin_user, assignee=staff, status=TaskStatus.IN_PROGRESS)
    make_task(order=idle, actor=admin_user, assignee=staff, status=TaskStatus.DONE)
    Order.objects.update(open_tasks=0)  # as the column starts
    migration = importlib.import_module("tasks.migrations.0002_order_open_tasks")

    migration.count_open_tasks(apps, None)

    assert (open_tasks(busy), open_tasks(idle)) == (2, 0)
