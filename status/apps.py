from django.apps import AppConfig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = gettext_lazy("Status")

    def ready(self) -> None:
        from backoffice import audit, blocks
        from notifications import registry

        from . import events, selectors  # noqa: F401  (registers the event types)
        from .models import EMAIL_FAMILY, Colour, CustomStatus
        from .services import AUDITED_FIELDS

        audit.register_area(
            audit.Area(
                key="custom_status",
                label=gettext_lazy("Order status"),
                fields={name: CustomStatus._meta.get_field(name).verbose_name for name in AUDITED_FIELDS},
                formats={"colour": lambda value: str(dict(Colour.choices).get(value, value))},
                position=50,
            )
        )

        blocks.register_block(
            blocks.Block(
                name="status",
                slot=blocks.Slot.MAIN,
                position=10,  # the seed's "statusbar", above the Klant block
                template="status/block.html#block",
                context=selectors.status_block,
            )
        )

        def mailing_statuses():
            """One e-mail in DIENST > E-mails & teksten per active status that mails the customer."""
            statuses = CustomStatus.objects.active().filter(mail_customer=True).in_order()
            return [
                registry.Kind(status.email_kind, _("Status: %(name)s") % {"name": status.name}) for status in statuses
            ]

        def samples(kind: str, language: str) -> dict[str, str]:
            status = CustomStatus.objects.filter(pk=int(kind.rpartition("-")[2])).first()
            return {"status": status.name_in(language)} if status is not None else {}

        registry.register_family(registry.EmailFamily(name=EMAIL_FAMILY, kinds=mailing_statuses, samples=samples))

        from orders import bulk as orders_bulk

        from . import bulk

        # VERKOOP > Orders › Bulkacties: a custom status (or back to the system status) for each order.
        orders_bulk.register(
            orders_bulk.BulkAction(
                name="custom-status",
                label=gettext_lazy("Status wijzigen"),
                position=60,
                form=bulk.form,
                params=bulk.params,
                perform=bulk.perform,
                explanation=gettext_lazy(
                    "Elke order krijgt deze status, zoals in het statusblok van de order. Mailt de status de klant, "
                    "dan krijgt de klant van elke order die e-mail."
                ),
            )
        )
