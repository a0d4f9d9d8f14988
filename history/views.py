from django.views.decorators.http import require_GET

from backoffice.decorators import staff_required
from orders.pages import get_order_or_404, render_order_page

from .selectors import history_tab


@staff_required
@require_GET
def tab(request, number):
    order = get_order_or_404(request, number)
    return render_order_page(
        request, order, tab="history", template="history/tab.html", context={"events": history_tab(order)}
    )
