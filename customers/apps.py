from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Klanten")

    def ready(self) -> None:
        from backoffice import blocks

        from . import events, selectors  # noqa: F401  (registers the event types)

        blocks.register_block(
            blocks.Block(
                name="customer",
                slot=blocks.Slot.MAIN,
                position=20,  # under the status bar (10)
                template="customers/block.html#block",
                context=selectors.customer_block,
            )
        )
        blocks.register_action(
            blocks.Action(name="inform", label=_("Klant inlichten"), url_name="customers:inform", position=10)
        )
        blocks.register_tab(blocks.Tab(name="customer", label=_("Klant"), url_name="customers:tab", position=10))

        from orders import bulk

        from . import services
        from .forms import InformForm

        # VERKOOP > Orders › Bulkacties: one message to the customer of each order, in its e-mail "Klant inlichten".
        bulk.register(
            bulk.BulkAction(
                name="inform",
                label=_("Klant inlichten"),
                position=30,
                form=InformForm,
                params=lambda form: {"message": form.cleaned_data["message"]},
                perform=lambda *, order, actor, params: services.customer_inform(
                    order=order, actor=actor, message=params["message"]
                ),
                explanation=_(
                    "De klant van elke order krijgt dit bericht in de e-mail “Klant inlichten”, in de taal van "
                    "zijn order."
                ),
            )
        )
