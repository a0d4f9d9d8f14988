"""What other apps do when the webshop places an order, inside `order_create`'s transaction.

`orders` never imports a block app; an app that must act on a new order (invoicing: the invoice made
"direct bij de bestelling") registers a function here in its AppConfig.ready(), like blocks and tabs.
"""

from collections.abc import Callable

OrderPlaced = Callable[..., None]  # (*, order, actor) -> None

_order_placed: list[OrderPlaced] = []


def on_order_placed(function: OrderPlaced) -> OrderPlaced:
    if function not in _order_placed:
        _order_placed.append(function)
    return function


def order_placed(*, order, actor) -> None:
    for function in _order_placed:
        function(order=order, actor=actor)
