"""What other apps do when the webshop places an order, staff cancel one or correct its address, inside that
service's transaction.

`orders` never imports a block app; an app that must act on a new or cancelled order (invoicing: the invoice
made "direct bij de bestelling", the credit invoice for a cancelled one) registers a function here in its
AppConfig.ready(), like blocks and tabs.
"""

from collections.abc import Callable

OrderHook = Callable[..., None]  # (*, order, actor) -> None; order_placed also gets mail_customer

_order_placed: list[OrderHook] = []
_order_cancelled: list[OrderHook] = []
_address_changed: list[OrderHook] = []


def on_order_placed(function: OrderHook) -> OrderHook:
    if function not in _order_placed:
        _order_placed.append(function)
    return function


def order_placed(*, order, actor, mail_customer: bool = True) -> None:
    """`mail_customer=False`: staff placed it (Order kopiëren) and chose not to e-mail the customer now."""
    for function in _order_placed:
        function(order=order, actor=actor, mail_customer=mail_customer)


def on_order_cancelled(function: OrderHook) -> OrderHook:
    if function not in _order_cancelled:
        _order_cancelled.append(function)
    return function


def order_cancelled(*, order, actor) -> None:
    for function in _order_cancelled:
        function(order=order, actor=actor)


def on_address_changed(function: OrderHook) -> OrderHook:
    if function not in _address_changed:
        _address_changed.append(function)
    return function


def address_changed(*, order, actor, kind: str) -> None:
    """The order's billing or shipping address (`kind`) was corrected (the addresses app geocodes it again)."""
    for function in _address_changed:
        function(order=order, actor=actor, kind=kind)
