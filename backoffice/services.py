from django.db import transaction

from .models import ShopSettings


@transaction.atomic
def shop_settings_update(*, changes: dict, actor) -> ShopSettings:
    """ALGEMEEN > Instellingen: store validated changes to the shop's settings."""
    shop = ShopSettings.load()
    shop = ShopSettings.objects.select_for_update().get(pk=shop.pk)
    for field, value in changes.items():
        setattr(shop, field, value)
    shop.save(update_fields=list(changes))
    return shop
