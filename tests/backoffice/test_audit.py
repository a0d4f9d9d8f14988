"""The configuration log (backoffice/audit.py): every settings service writes one entry with who and old → new, in
its own transaction; a save that changes nothing and a refusal write none; secrets are never stored; the log is
append-only."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from accounts import services as accounts
from backoffice import audit
from backoffice.exceptions import ActionRefused
from backoffice.models import AppendOnlyError, ConfigChange, InvoiceTiming
from backoffice.services import shop_settings_update
from notifications.services import email_template_reset, email_template_save
from returns.choices import return_choice_delete, return_choice_save
from returns.models import ReturnAction, ReturnReason
from shipping.methods.services import shipping_method_save
from status import services as statuses
from tests.backoffice.factories import StaffFactory

pytestmark = pytest.mark.django_db


def only_entry() -> ConfigChange:
    return ConfigChange.objects.get()


def sentences(after: int = 0) -> list[str]:
    return [audit.sentence(entry) for entry in ConfigChange.objects.filter(id__gt=after).order_by("id")]


# --- Winkelgegevens and Administratie ------------------------------------------------------------------------------


def test_a_shop_detail_change_is_logged_with_who_and_old_and_new(shop, admin_user):
    shop_settings_update(changes={"name": "Koffie & Co", "city": shop.city}, actor=admin_user)

    entry = only_entry()
    assert (entry.area, entry.action, entry.actor, entry.actor_name) == ("shop", "changed", admin_user, "Anne Bakker")
    assert entry.changes == [{"field": "name", "old": shop.name, "new": "Koffie & Co"}]  # city did not change
    assert audit.sentence(entry) == f"Winkelgegevens: winkelnaam: {shop.name} → Koffie & Co"


def test_a_new_logo_is_logged_by_name_only(shop, admin_user):
    shop_settings_update(
        changes={"logo": ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="logo.svg")}, actor=admin_user
    )

    entry = only_entry()
    assert entry.changes == [{"field": "logo"}]
    assert audit.sentence(entry) == "Winkelgegevens: logo gewijzigd"


def test_an_administration_change_is_logged_under_administratie(shop, admin_user):
    shop_settings_update(
        changes={"invoice_timing": InvoiceTiming.ON_PAYMENT, "invoice_prefix": "INV"}, actor=admin_user
    )

    entry = only_entry()
    assert entry.area == "administration"
    assert audit.sentence(entry) == (
        "Administratie: factuur aanmaken: Handmatig (knop Factuur aanmaken) → Wanneer de order betaald is; "
        "voorvoegsel factuurnummer: F → INV"
    )


def test_one_save_of_both_areas_writes_an_entry_for_each(shop, admin_user):
    shop_settings_update(changes={"phone": "010-1234567", "payment_term_days": 30}, actor=admin_user)

    assert sorted(ConfigChange.objects.values_list("area", flat=True)) == ["administration", "shop"]


def test_saving_the_settings_unchanged_writes_nothing(shop, admin_user):
    shop_settings_update(changes={"name": shop.name, "invoice_timing": shop.invoice_timing}, actor=admin_user)

    assert not ConfigChange.objects.exists()


def test_the_settings_page_logs_what_the_form_changed(shop, admin_client, admin_user):
    response = admin_client.post("/settings/advanced/administration/", {
        "invoice_timing": "manual", "invoice_prefix": "F", "invoice_start_number": 1, "credit_invoice_prefix": "CF",
        "credit_invoice_start_number": 1, "packing_slip_prefix": "P", "packing_slip_start_number": 1,
        "payment_term_days": 21, "invoice_send_on_issue": "on",
    })  # fmt: skip

    assert response.status_code == 302
    assert sentences() == ["Administratie: betaaltermijn in dagen: 14 → 21"]
    assert only_entry().actor == admin_user


# --- Verzendmethoden ------------------------------------------------------------------------------------------------


def test_a_shipping_method_added_and_changed_is_logged(admin_user):
    method = shipping_method_save(name="PostNL", carrier="postnl", tracking_url="", actor=admin_user)
    shipping_method_save(
        method=method, name="PostNL pakket", carrier="dhl", tracking_url="https://t.example/{code}", actor=admin_user
    )

    assert sentences() == [
        "Verzendmethode PostNL toegevoegd: naam: PostNL; vervoerder: PostNL; Track & Trace-link: (leeg)",
        "Verzendmethode PostNL: naam: PostNL → PostNL pakket; vervoerder: PostNL → DHL; "
        "Track & Trace-link: (leeg) → https://t.example/{code}",
    ]
    assert {entry.object_id for entry in ConfigChange.objects.all()} == {str(method.pk)}


def test_a_shipping_method_saved_unchanged_or_refused_writes_nothing(admin_user):
    method = shipping_method_save(name="PostNL", carrier="postnl", tracking_url="", actor=admin_user)

    shipping_method_save(method=method, name="PostNL ", carrier="postnl", tracking_url="", actor=admin_user)
    with pytest.raises(ActionRefused):
        shipping_method_save(method=method, name="PostNL", carrier="nobody", tracking_url="", actor=admin_user)

    assert ConfigChange.objects.count() == 1  # the addition


# --- E-mails & teksten ----------------------------------------------------------------------------------------------


def test_an_email_text_saved_and_reset_is_logged(shop, admin_user):
    email_template_save(kind="order_shipped", language="nl", subject="Onderweg!", body="Hallo", actor=admin_user)
    email_template_save(kind="order_shipped", language="nl", subject="Onderweg!", body="Hallo", actor=admin_user)
    email_template_reset(kind="order_shipped", language="nl", actor=admin_user)

    saved, reset = ConfigChange.objects.order_by("id")  # the second save changed nothing
    assert (saved.area, saved.subject, saved.object_id) == (
        "email_template",
        "Order verzonden (nl)",
        "order_shipped:nl",
    )
    assert [change["field"] for change in saved.changes] == ["subject", "body"]
    assert saved.changes[0]["new"] == "Onderweg!" and saved.changes[1]["new"] == "Hallo"
    assert audit.sentence(saved).startswith("E-mail Order verzonden (nl): onderwerp: ")
    assert [change["old"] for change in reset.changes] == ["Onderweg!", "Hallo"]


def test_an_email_text_refused_writes_nothing(shop, admin_user):
    with pytest.raises(ActionRefused):
        email_template_save(kind="order_shipped", language="nl", subject="{{ nope }}", body="x", actor=admin_user)

    assert not ConfigChange.objects.exists()


# --- Order status ---------------------------------------------------------------------------------------------------


def test_custom_statuses_added_changed_moved_deactivated_and_deleted_are_logged(admin_user):
    first = statuses.custom_status_create(names={"nl": "Wacht"}, colour="blue", mail_customer=False, actor=admin_user)
    second = statuses.custom_status_create(names={"nl": "Klaar"}, colour="green", mail_customer=False, actor=admin_user)
    added = ConfigChange.objects.latest("id").pk  # the story after the two additions

    statuses.custom_status_update(
        status=first, names={"nl": "Wacht op leverancier"}, colour="red", mail_customer=False, actor=admin_user
    )
    statuses.custom_status_move(status=second, up=True, actor=admin_user)
    statuses.custom_status_activate(status=first, active=False, actor=admin_user)
    statuses.custom_status_delete(status=second, actor=admin_user)

    assert sentences(after=added) == [
        "Order status Wacht: namen: nl: Wacht → nl: Wacht op leverancier; kleur: Blauw → Rood",
        "Order status Klaar: volgorde: 2 → 1",
        "Order status Wacht op leverancier: volgorde: 1 → 2",
        "Order status Wacht op leverancier: actief: ja → nee",
        "Order status Klaar verwijderd",
    ]


def test_a_custom_status_saved_unchanged_writes_nothing(admin_user):
    status = statuses.custom_status_create(names={"nl": "Wacht"}, colour="blue", mail_customer=False, actor=admin_user)

    statuses.custom_status_update(status=status, names={"nl": " Wacht "}, colour="blue", mail_customer=False,
                                  actor=admin_user)  # fmt: skip

    assert ConfigChange.objects.count() == 1


# --- Retour redenen en acties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "label"), [(ReturnReason, "Retour reden"), (ReturnAction, "Retour actie")])
def test_return_reasons_and_actions_are_logged(admin_user, model, label):
    choice = return_choice_save(model=model, names={"nl": "Te klein"}, position=1, is_active=True, actor=admin_user)
    return_choice_save(
        model=model, choice=choice, names={"nl": "Te klein"}, position=1, is_active=True, actor=admin_user
    )  # fmt: skip  (unchanged)
    return_choice_save(model=model, choice=choice, names={"nl": "Te klein", "en": "Too small"}, position=1,
                       is_active=False, actor=admin_user)  # fmt: skip
    return_choice_delete(choice=choice, actor=admin_user)

    assert sentences() == [
        f"{label} Te klein toegevoegd: namen: nl: Te klein; volgorde: 1; actief: ja",
        f"{label} Te klein: namen: nl: Te klein → nl: Te klein, en: Too small; actief: ja → nee",
        f"{label} Te klein verwijderd",
    ]
    assert {entry.actor for entry in ConfigChange.objects.all()} == {admin_user}


# --- Gebruikers -----------------------------------------------------------------------------------------------------


def test_deactivating_activating_and_forcing_a_reset_are_logged_without_the_password(shop, admin_user):
    colleague = StaffFactory(email="collega@example.com")

    accounts.staff_user_deactivate(user=colleague, actor=admin_user)
    accounts.staff_user_activate(user=colleague, actor=admin_user)
    accounts.staff_user_force_password_reset(user=colleague, actor=admin_user, site_url="http://testserver")

    assert sentences() == [
        "Gebruiker collega@example.com: actief: ja → nee",
        "Gebruiker collega@example.com: actief: nee → ja",
        "Gebruiker collega@example.com: wachtwoord-reset afgedwongen",
    ]
    colleague.refresh_from_db()
    assert ConfigChange.objects.order_by("id").last().changes == [{"field": "password_reset"}]
    assert not ConfigChange.objects.filter(changes__icontains=colleague.password[-20:]).exists()


def test_a_refused_deactivation_writes_nothing(admin_user):
    with pytest.raises(ActionRefused):
        accounts.staff_user_deactivate(user=admin_user, actor=admin_user)  # never yourself

    assert not ConfigChange.objects.exists()


# --- the log itself -------------------------------------------------------------------------------------------------


def test_the_log_is_append_only(shop, admin_user):
    shop_settings_update(changes={"name": "Koffie & Co"}, actor=admin_user)
    entry = only_entry()

    entry.subject = "iets anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ConfigChange.objects.update(subject="x")
    with pytest.raises(AppendOnlyError):
        ConfigChange.objects.all().delete()


def test_a_deleted_account_leaves_its_name_in_the_log(shop):
    colleague = StaffFactory(email="weg@example.com", first_name="Bo", last_name="Weg")
    shop_settings_update(changes={"name": "Koffie & Co"}, actor=colleague)

    colleague.delete()

    entry = only_entry()
    assert (entry.actor, entry.actor_name) == (None, "Bo Weg")


@pytest.mark.django_db(transaction=True)
def test_record_belongs_inside_the_services_transaction():
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.audit_record(actor=None, area="shop", subject="", changes=[{"field": "name", "old": "a", "new": "b"}])

    assert not ConfigChange.objects.exists()


def test_record_refuses_an_unknown_area_and_an_unlabelled_field(admin_user):
    change = [{"field": "name", "old": "a", "new": "b"}]
    with transaction.atomic():
        with pytest.raises(ValueError):
            audit.audit_record(actor=admin_user, area="nothing", subject="", changes=change)
        with pytest.raises(ValueError):
            audit.audit_record(actor=admin_user, area="shop", subject="", changes=[{"field": "x", "old": 1, "new": 2}])


def test_a_secret_field_never_stores_its_values_whatever_the_caller_passes(admin_user):
    with transaction.atomic():
        audit.audit_record(
            actor=admin_user, area="user", subject="a@example.com",
            changes=[{"field": "password", "old": "pbkdf2$old", "new": "pbkdf2$new"}],
        )  # fmt: skip

    assert only_entry().changes == [{"field": "password"}]
    assert audit.sentence(only_entry()) == "Gebruiker a@example.com: wachtwoord gewijzigd"


def test_every_area_of_the_configuration_is_registered():
    assert [area.key for area in audit.areas()] == [
        "shop", "administration", "shipping_method", "email_template", "custom_status", "return_reason",
        "return_action", "user",
    ]  # fmt: skip
