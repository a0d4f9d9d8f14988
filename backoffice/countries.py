"""The countries the shop delivers to and bills in: the customer forms' choices and the orders list's country filter."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("NL", _("Nederland")),
    ("BE", _("België")),
    ("DE", _("Duitsland")),
    ("FR", _("Frankrijk")),
    ("LU", _("Luxemburg")),
]
