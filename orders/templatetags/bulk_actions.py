from django import template

from orders import bulk

register = template.Library()


@register.simple_tag
def bulk_actions_for(user) -> list[bulk.BulkAction]:
    """The bulk actions `user` may start (orders/bulk/), for the orders list's Bulkacties menu. No query."""
    return bulk.actions_for(user)
