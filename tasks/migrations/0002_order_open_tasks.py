"""Order.open_tasks (orders 0009) starts at 0: count the tasks not done of every order that has any."""

from django.db import migrations
from django.db.models import Count, Q

OPEN_STATUSES = ["open", "in_progress"]


def count_open_tasks(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Task = apps.get_model("tasks", "Task")
    counts = Task.objects.filter(status__in=OPEN_STATUSES).values("order_id").annotate(n=Count("id"))
    for row in counts.iterator():
        Order.objects.filter(pk=row["order_id"]).update(open_tasks=row["n"])


def forget_open_tasks(apps, schema_editor):
    apps.get_model("orders", "Order").objects.filter(~Q(open_tasks=0)).update(open_tasks=0)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_initial"),
        ("orders", "0013_list_sorts_and_filters"),
    ]

    operations = [migrations.RunPython(count_open_tasks, forget_open_tasks)]
