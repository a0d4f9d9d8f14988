"""Returns as the shop makes them: through the real services (history, status, credit invoices)."""

from returns.models import Return, ReturnAction, ReturnReason
from returns.services import return_create
from tests.shipping.factories import coffee_and_tea, lines, make_shipment


def shipped_order(**overrides):
    """3 × Koffiebonen 1 kg and 2 × Thee (tests.shipping.factories.coffee_and_tea), everything shipped."""
    order = coffee_and_tea(**overrides)
    make_shipment(order, shipped=True)
    order.refresh_from_db()
    return order


def make_reason(nl: str = "Te klein", **names) -> ReturnReason:
    return ReturnReason.objects.create(names={"nl": nl, **names})


def make_action(nl: str = "Geld terug", **names) -> ReturnAction:
    return ReturnAction.objects.create(names={"nl": nl, **names})


def make_return(order=None, *, quantities: dict[int, int] | None = None, actor=None, **arguments) -> Return:
    """Retour aanmaken for `order` (or a shipped coffee_and_tea): `quantities` {order line id: pieces}, default one
    of the first line."""
    order = order or shipped_order()
    if quantities is None:
        quantities = {lines(order)[0].pk: 1}
    return return_create(order=order, actor=actor, quantities=quantities, **arguments)
