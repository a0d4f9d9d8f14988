from django.db import transaction

from .models import ShopSettings


@transaction.atomic
def shop_settings_update(*, changes: dict, actor) -> ShopSettings:
    """ALGEMEEN > Instellingen: store validated changes to the shop's settings.

    A file field (the logo) takes what a form's cleaned_data holds: an uploaded file is stored, False clears it.
    The file it replaces is deleted once the change is committed: stored documents carry their own copy of the
    logo, and documents rendered later use the current one, so nothing needs the old file.
    """
    shop = ShopSettings.load()
    shop = ShopSettings.objects.select_for_update().get(pk=shop.pk)
    old_logo = shop.logo.name
    for field, value in changes.items():
        shop._meta.get_field(field).save_form_data(shop, value)  # setattr, except False clears a file
    shop.save(update_fields=list(changes))
    if old_logo and old_logo != shop.logo.name:
        storage = shop.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return shop
