"""backoffice.choices.ChoiceLabels: get_<field>_display() says what Django's own says, in the active language."""

import pytest
from django.db.models import Model
from django.utils import translation

from backoffice.choices import ChoiceLabels
from invoicing.models import Invoice
from orders.models import Order
from returns.models import Return
from tickets.models import Ticket

MODELS = (Order, Invoice, Return, Ticket)


def fields_with_choices():
    for model in MODELS:
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("model, field", list(fields_with_choices()))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_label_is_the_one_django_gives(model, field, language):
    values = [value for value, _label in field.flatchoices] + ["no-such-value", None]
    with translation.override(language):
        for value in values:
            instance = model(**{field.attname: value})
            shown = getattr(instance, f"get_{field.name}_display")()
            assert shown == Model._get_FIELD_display(instance, field)
            assert value is None or isinstance(shown, str)
    # ...and it is this module's: the method Django made for the field calls ChoiceLabels, which kept the labels
    assert model.__dict__[f"get_{field.name}_display"].func is ChoiceLabels._get_FIELD_display
    assert field.__dict__["_choice_labels"]


def test_the_label_follows_the_language_of_the_moment():
    order = Order(payment_status="paid")
    with translation.override("nl"):
        dutch = order.get_payment_status_display()
    with translation.override("en"):
        english = order.get_payment_status_display()
    assert (dutch, english) == ("Betaald", "Paid")
