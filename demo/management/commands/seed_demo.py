from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import data as demo


class Command(BaseCommand):
    help = (
        "Demo data: the demo logins, the shop's settings and shipping methods, and ~50 orders through the real "
        "order service. "
        "With --orders N: top the database up to N orders, written in bulk (for benchmarks). "
        "Safe to run again: what exists is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--orders",
            type=int,
            metavar="N",
            help="Bulk mode: add orders until there are N in total (fast, bypasses the order service).",
        )
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Make the demo logins (weak, published passwords) even where SEED_DEMO_ACCOUNTS is off "
            "(production settings, DEBUG off): for a demo or benchmark database only.",
        )

    def handle(self, *args, orders: int | None = None, allow_demo_accounts: bool = False, **options) -> None:
        if orders is not None and orders < 0:
            raise CommandError("--orders must be 0 or more.")
        if not (settings.SEED_DEMO_ACCOUNTS or allow_demo_accounts):
            raise CommandError(
                "Refused: seed_demo makes logins with published passwords (admin@example.com / admin, ...) and these "
                "settings are not for development (production settings or DEBUG off). Nothing was changed. "
                "If this database is only a demo or a benchmark, run it again with --allow-demo-accounts."
            )
        demo.accounts_ensure()
        shop = demo.shop_settings_fill()
        demo.shipping_methods_ensure()
        demo.custom_statuses_ensure()
        demo.return_choices_ensure()
        if orders is None:
            created = demo.demo_orders_create()
            if created:
                self.stdout.write(f"{len(created)} demo orders created for {shop.name}.")
            else:
                self.stdout.write("The demo orders exist already; nothing to do.")
        else:
            demo.orders_bulk_create(total=orders, progress=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Demo logins (weak passwords, for demos only):")
        for account in demo.DEMO_ACCOUNTS:
            role = account.role.label if account.role else "Klant: Mijn account, /account/login/ (not the backoffice)"
            self.stdout.write(f"  {account.email:<24} {account.password:<12} {role}")
