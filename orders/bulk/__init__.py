"""Bulk actions on VERKOOP > Orders: Betaald zetten, Verzonden zetten, Klant inlichten, … on many orders at once.

The runner is here, in orders (the lowest app that knows orders); the actions belong to the apps above, which
register them in their AppConfig.ready() – orders never imports them:

    bulk.register(bulk.BulkAction(name="mark-paid", label=_("Betaald zetten"), position=10,
                                  perform=lambda *, order, actor, params: payment_mark_paid(order=order, actor=actor)))

`perform` calls the owning app's service for one order, exactly as the button by hand does: its refusal
(ActionRefused) is that order's outcome "refused" with the service's own message, its history event and its
e-mail (after the commit) are the by-hand ones. `may(user)` is who may do it: the same check as the button by hand,
so what a Medewerker cannot do by hand she cannot do in bulk either. `form(data)` is the confirmation dialog's form
of the parameters (a message, a reason, a status); `params(form)` what of it the run keeps (JSON).

The run itself (a BulkRun with a BulkRunItem per order, the job, the progress page) is in services.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def staff_may(user) -> bool:
    """The default: every active staff member (every order action by hand is open to Medewerker and Beheerder)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def _confirm_form(data=None):
    from orders.forms import ConfirmForm

    return ConfirmForm(data)


def _cleaned(form) -> dict[str, Any]:
    return dict(form.cleaned_data)


@dataclass(frozen=True)
class BulkAction:
    name: str  # in the URL and on the run: "mark-paid"
    label: str  # the menu item, the dialog's title and its button
    position: int
    perform: Callable[..., Any]  # perform(*, order, actor, params) -> anything; raises ActionRefused
    may: Callable[[Any], bool] = staff_may
    form: Callable[..., Any] = _confirm_form  # form(data or None) -> a django Form (ConfirmForm: nothing to ask)
    params: Callable[[Any], dict] = _cleaned  # the valid form -> JSON-able parameters for perform
    explanation: str = ""  # the dialog's sentence on what happens to each order (and whether the customer is mailed)
    danger: bool = False


_actions: dict[str, BulkAction] = {}


def register(action: BulkAction) -> None:
    _actions[action.name] = action


def unregister(name: str) -> None:
    """For tests that register an action of their own."""
    _actions.pop(name, None)


def get(name: str) -> BulkAction | None:
    return _actions.get(name)


def actions_for(user) -> list[BulkAction]:
    """The actions `user` may start, in their menu order. No query (the orders list's query count is pinned)."""
    return sorted((action for action in _actions.values() if action.may(user)), key=lambda action: action.position)
