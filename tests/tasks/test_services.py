"""Taken: every rule and refusal of add, change and complete (issue 14)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from backoffice.roles import Role
from history.models import OrderEvent
from notifications.models import OutboxMessage
from tasks.events import TaskEventType
from tasks.models import Task, TaskStatus
from tasks.services import TASK_EMAIL_KIND, task_add, task_complete, task_update
from tests.backoffice.factories import StaffFactory, UserFactory
from tests.concurrency import click_twice_at_once
from tests.orders.factories import make_order
from tests.support import event_types
from tests.tasks.factories import make_task

pytestmark = pytest.mark.django_db

TOMORROW = timedelta(days=1)


def add(**overrides):
    values = {"order": overrides.pop("order", None) or make_order(), "description": "Bel de klant terug"}
    values |= {"due_at": timezone.now() + TOMORROW} | overrides
    return task_add(**values)


def test_a_task_is_added_with_one_history_event(staff, admin_user):
    order = make_order()

    task = add(order=order, actor=admin_user, assignee=staff, priority="high", description="  Pakket nasturen  ")

    assert (task.assignee, task.created_by, task.status, task.priority) == (staff, admin_user, "open", "high")
    assert task.description == "Pakket nasturen"
    assert event_types(order)[-1] == TaskEventType.TASK_ADDED
    event = OrderEvent.objects.filter(order=order).last()
    assert event.data["assignee"] == "Mila de Vries" and event.actor == admin_user


def test_the_assignee_must_be_active_staff(staff, admin_user, customer_user):
    gone = StaffFactory(is_active=False, first_name="Piet", last_name="Oud")
    order = make_order()
    before = event_types(order)

    with pytest.raises(ActionRefused, match="gedeactiveerd"):
        add(order=order, actor=admin_user, assignee=gone)
    with pytest.raises(ActionRefused, match="medewerker"):
        add(order=order, actor=admin_user, assignee=customer_user)

    assert not Task.objects.exists() and event_types(order) == before


def test_a_due_time_in_the_past_is_refused_when_adding(staff):
    with pytest.raises(ActionRefused, match="al voorbij"):
        add(actor=staff, assignee=staff, due_at=timezone.now() - timedelta(minutes=1))
    assert not Task.objects.exists()


def test_a_task_needs_a_description_of_limited_length(staff):
    with pytest.raises(ActionRefused, match="Beschrijf"):
        add(actor=staff, assignee=staff, description="   ")
    with pytest.raises(ActionRefused, match="te lang"):
        add(actor=staff, assignee=staff, description="x" * 1001)
    assert not Task.objects.exists()


def test_the_same_dialog_submitted_twice_makes_one_task(staff):
    order = make_order()
    key = "0b8a4c59-4c3c-4a43-9a55-0d3f0e0d2f11"

    first = add(order=order, actor=staff, assignee=staff, submit_key=key)
    second = add(order=order, actor=staff, assignee=staff, submit_key=key)

    assert first == second and Task.objects.count() == 1


def test_e_mail_de_collega_goes_to_the_colleague_through_the_outbox(
    staff, admin_user, django_capture_on_commit_callbacks
):
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        task = add(order=order, actor=admin_user, assignee=staff, notify=True, site_url="https://bo.example.com")

    message = OutboxMessage.objects.get(kind=TASK_EMAIL_KIND)
    assert message.to == staff.email and message.status == "sent"
    assert [sent.to for sent in mail.outbox] == [[staff.email]]
    assert "Bel de klant terug" in mail.outbox[0].body
    assert f"https://bo.example.com/orders/{order.number}/" in mail.outbox[0].body
    assert OrderEvent.objects.filter(order=order).last().data["emailed"] == staff.email
    assert task.order == order


def test_without_e_mail_nothing_is_queued(staff):
    add(actor=staff, assignee=staff)
    assert not OutboxMessage.objects.filter(kind=TASK_EMAIL_KIND).exists()


# Changing a task


def test_the_maker_changes_and_reassigns_her_task_in_one_history_event(staff):
    colleague = StaffFactory(first_name="Joost", last_name="Klein")
    task = make_task(actor=staff, assignee=staff)
    new_due = timezone.now() + timedelta(days=3)

    task_update(task=task, actor=staff, changes={"assignee": colleague, "due_at": new_due, "description": "Anders"})

    task.refresh_from_db()
    assert (task.assignee, task.due_at, task.description) == (colleague, new_due, "Anders")
    event = OrderEvent.objects.filter(order=task.order).last()
    assert event.type == TaskEventType.TASK_UPDATED
    assert [change["field"] for change in event.data["changes"]] == ["assignee", "due_at", "description"]
    assert event.data["changes"][0] == {"field": "assignee", "old": "Mila de Vries", "new": "Joost Klein"}


def test_a_medewerker_cannot_change_a_colleagues_task_even_when_it_is_hers(staff, admin_user):
    task = make_task(actor=admin_user, assignee=staff)
    before = event_types(task.order)

    with pytest.raises(ActionRefused, match="Alleen wie de taak aanmaakte"):
        task_update(task=task, actor=staff, changes={"description": "Mag niet"})
    with pytest.raises(ActionRefused, match="Alleen wie de taak aanmaakte"):
        task_update(task=task, actor=staff, changes={"status": TaskStatus.DONE})

    task.refresh_from_db()
    assert task.description == "Bel de klant terug" and task.status == "open"
    assert event_types(task.order) == before


def test_a_beheerder_changes_anyones_task(staff, admin_user):
    task = make_task(actor=staff, assignee=staff)

    task_update(task=task, actor=admin_user, changes={"priority": "high"})

    assert Task.objects.get().priority == "high"


def test_a_task_is_reassigned_only_to_active_staff(staff, admin_user):
    task = make_task(actor=admin_user, assignee=staff)
    gone = StaffFactory(is_active=False)

    with pytest.raises(ActionRefused, match="gedeactiveerd"):
        task_update(task=task, actor=admin_user, changes={"assignee": gone})
    with pytest.raises(ActionRefused, match="medewerker"):
        task_update(task=task, actor=admin_user, changes={"assignee": UserFactory()})
    assert Task.objects.get().assignee == staff


def test_a_deactivated_colleagues_task_stays_and_is_reassigned(staff, admin_user):
    leaving = StaffFactory(first_name="Piet", last_name="Weg")
    task = make_task(actor=admin_user, assignee=leaving)
    leaving.is_active = False
    leaving.save()

    with pytest.raises(ActionRefused, match="gedeactiveerd"):  # first choose who takes it over
        task_update(task=task, actor=admin_user, changes={"description": "Nog steeds"})
    task_update(task=task, actor=admin_user, changes={"assignee": staff})

    assert Task.objects.get().assignee == staff


def test_an_overdue_task_keeps_its_time_when_edited_but_a_new_time_must_lie_ahead(staff):
    task = make_task(actor=staff, assignee=staff)
    past = timezone.now() - timedelta(hours=2)
    Task.objects.filter(pk=task.pk).update(due_at=past)  # the time passed while nobody did it
    task.refresh_from_db()

    task_update(task=task, actor=staff, changes={"due_at": past, "description": "Nog even wachten"})
    with pytest.raises(ActionRefused, match="al voorbij"):
        task_update(task=task, actor=staff, changes={"due_at": past - timedelta(days=1)})

    task.refresh_from_db()
    assert task.due_at == past and task.description == "Nog even wachten"


def test_saving_nothing_new_is_refused(staff):
    task = make_task(actor=staff, assignee=staff)
    with pytest.raises(ActionRefused, match="niets gewijzigd"):
        task_update(task=task, actor=staff, changes={"description": task.description})


def test_setting_the_status_to_afgerond_completes_and_reopening_clears_it(staff):
    task = make_task(actor=staff, assignee=staff)

    task_update(task=task, actor=staff, changes={"status": TaskStatus.DONE})
    task.refresh_from_db()
    assert task.completed_at is not None and task.completed_by == staff

    task_update(task=task, actor=staff, changes={"status": TaskStatus.IN_PROGRESS})
    task.refresh_from_db()
    assert task.completed_at is None and task.completed_by is None


# Completing


def test_the_colleague_it_is_assigned_to_completes_it_in_one_click(staff, admin_user):
    task = make_task(actor=admin_user, assignee=staff)

    task_complete(task=task, actor=staff)

    task.refresh_from_db()
    assert task.status == "done" and task.completed_by == staff
    event = OrderEvent.objects.filter(order=task.order).last()
    assert event.type == TaskEventType.TASK_COMPLETED and event.actor == staff


def test_a_medewerker_cannot_complete_a_task_that_is_neither_hers_nor_made_by_her(staff, admin_user):
    other = StaffFactory()
    task = make_task(actor=admin_user, assignee=other)

    with pytest.raises(ActionRefused, match="Alleen wie de taak aanmaakte"):
        task_complete(task=task, actor=staff)
    assert Task.objects.get().status == "open"

    beheerder = StaffFactory(role=Role.ADMIN)
    task_complete(task=task, actor=beheerder)
    assert Task.objects.get().status == "done"


def test_completing_twice_is_refused(staff):
    task = make_task(actor=staff, assignee=staff)
    task_complete(task=task, actor=staff)
    with pytest.raises(ActionRefused, match="al afgerond"):
        task_complete(task=task, actor=staff)
    assert event_types(task.order).count(TaskEventType.TASK_COMPLETED) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_afronden_at_once_complete_it_once():
    staff = StaffFactory()
    task = make_task(actor=staff, assignee=staff)

    assert click_twice_at_once(lambda: task_complete(task=task, actor=staff)) == ["done", "refused"]
    assert event_types(task.order).count(TaskEventType.TASK_COMPLETED) == 1
