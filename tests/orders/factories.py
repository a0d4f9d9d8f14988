from decimal import Decimal

from orders.models import Address, Carrier, Order, PaymentMethod
from orders.services import LineInput, order_create
from tests.customers.factories import CustomerFactory


def address(**overrides) -> Address:
    fields = {
        "name": "Jan Jansen",
        "company": "",
        "street": "Damrak",
        "house_number": "1",
        "postcode": "1012 LG",
        "city": "Amsterdam",
        "country": "NL",
        "phone": "0201234567",
    }
    return Address(**(fields | overrides))


def line(**overrides) -> LineInput:
    fields = {
        "product_name": "Koffiebonen 1 kg",
        "quantity": 1,
        "unit_price": Decimal("24.95"),
        "vat_rate": Decimal("9"),
        "sku": "KB-1000",
    }
    return LineInput(**(fields | overrides))


def make_order(*, lines: list[LineInput] | None = None, customer=None, **overrides) -> Order:
    """An order as the webshop places it, through the real service (so it has its history)."""
    customer = customer or CustomerFactory()
    billing = overrides.pop("billing", None) or address(name=customer.full_name)
    arguments = {
        "customer": customer,
        "lines": lines or [line()],
        "billing": billing,
        "payment_method": PaymentMethod.BANK_TRANSFER,
        "shipping_method": "PostNL pakket",
        "carrier": Carrier.POSTNL,
        "shipping_cost": Decimal("4.95"),
    }
    return order_create(**(arguments | overrides))


def shared_saved_view():
    """The shop's shared saved view "In de wacht" (data migration; made again after a transactional test's flush)."""
    from orders.models import SavedView

    view, _created = SavedView.objects.get_or_create(
        key="on_hold", is_shared=True, defaults={"name": "In de wacht", "query": "status=on_hold", "position": 3}
    )
    return view
