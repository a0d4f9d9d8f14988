from django.apps import AppConfig


class ShopaccountConfig(AppConfig):
    """Mijn account (/account/): the customer's side of the shop. Log in, orders, invoices, Track & Trace, and
    questions (tickets, through the tickets app's services). Its own look and its own login, apart from the
    backoffice."""

    name = "shopaccount"
    verbose_name = "Mijn account"
