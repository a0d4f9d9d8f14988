from memos.services import memo_add
from tests.backoffice.factories import StaffFactory
from tests.orders.factories import make_order


def make_memo(*, order=None, actor=None, addressee=None, text="Let op: de klant belt vanmiddag terug."):
    """A memo through Memo toevoegen (the real service), with its history event."""
    actor = actor or StaffFactory()
    return memo_add(order=order or make_order(), actor=actor, addressee=addressee or actor, text=text)
