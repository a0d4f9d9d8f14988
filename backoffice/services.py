from django.db import transaction

from . import audit
from .models import ShopSettings

# Geavanceerd > Administratie's fields; every other field of ShopSettings is Winkelgegevens'.
ADMINISTRATION_FIELDS = (
    "invoice_timing", "invoice_send_on_issue", "invoice_prefix", "invoice_start_number", "credit_invoice_own_series",
    "credit_invoice_prefix", "credit_invoice_start_number", "packing_slip_prefix", "packing_slip_start_number",
    "payment_term_days", "payment_reminder_after_days", "invoice_hide_email", "invoice_hide_phone",
)  # fmt: skip


@transaction.atomic
def shop_settings_update(*, changes: dict, actor) -> ShopSettings:
    """ALGEMEEN > Instellingen: store validated changes to the shop's settings.

    A file field (the logo) takes what a form's cleaned_data holds: an uploaded file is stored, False clears it.
    The file it replaces is deleted once the change is committed: stored documents carry their own copy of the
    logo, and documents rendered later use the current one, so nothing needs the old file.
    What changed goes into the configuration log (Winkelgegevens and Administratie each an entry; the logo by name).
    """
    shop = ShopSettings.load()
    shop = ShopSettings.objects.select_for_update().get(pk=shop.pk)
    before = audit.values(shop, changes)
    old_logo = shop.logo.name
    for field, value in changes.items():
        shop._meta.get_field(field).save_form_data(shop, value)  # setattr, except False clears a file
    shop.save(update_fields=list(changes))
    changed = audit.diff(before, audit.values(shop, changes))
    for area in ("shop", "administration"):
        audit.audit_record(
            actor=actor,
            area=area,
            subject="",
            object_id=shop.pk,
            changes=[change for change in changed if (change["field"] in ADMINISTRATION_FIELDS) == (area != "shop")],
        )
    if old_logo and old_logo != shop.logo.name:
        storage = shop.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return shop
