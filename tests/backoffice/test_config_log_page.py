"""ALGEMEEN > Instellingen > Wijzigingslog: newest first, filtered by area and by person, a page of 50 with a keyset
cursor, and its query count does not grow with the log."""

import pytest
from django.db import transaction

from backoffice import audit
from backoffice.models import ConfigChange
from tests.backoffice.factories import StaffFactory
from tests.support import parse

pytestmark = pytest.mark.django_db


def log(actor, area: str, subject: str, *, field: str = "name", old="a", new="b") -> ConfigChange:
    with transaction.atomic():
        return audit.audit_record(
            actor=actor, area=area, subject=subject, changes=[{"field": field, "old": old, "new": new}]
        )


def rows(response) -> list[str]:
    bodies = parse(response.text).elements("tbody")
    return [row.text for row in bodies[0].elements("tr")] if bodies else []


def pager_links(response) -> list:
    return [link for nav in parse(response.text).elements("nav", class_="pager") for link in nav.elements("a")]


def test_the_log_shows_who_changed_what_newest_first(admin_client, admin_user, staff):
    log(admin_user, "shop", "", old="Webwinkel", new="Koffie & Co")
    log(staff, "shipping_method", "PostNL", field="carrier", old="postnl", new="dhl")

    response = admin_client.get("/settings/changes/")

    assert response.status_code == 200
    found = rows(response)
    assert "Mila de Vries" in found[0] and "Verzendmethode PostNL: vervoerder: PostNL → DHL" in found[0]
    assert "Anne Bakker" in found[1] and "Winkelgegevens: winkelnaam: Webwinkel → Koffie & Co" in found[1]


def test_the_log_is_filtered_by_area_and_by_person(admin_client, admin_user, staff):
    log(admin_user, "shop", "")
    log(staff, "shop", "")
    log(staff, "custom_status", "Wacht", field="colour", old="blue", new="red")

    assert len(rows(admin_client.get("/settings/changes/", {"area": "shop"}))) == 2
    assert len(rows(admin_client.get("/settings/changes/", {"actor": staff.pk}))) == 2
    only = rows(admin_client.get("/settings/changes/", {"area": "shop", "actor": admin_user.pk}))
    assert len(only) == 1 and "Anne Bakker" in only[0]


def test_an_unknown_filter_is_left_out(admin_client, admin_user):
    log(admin_user, "shop", "")

    for query in ({"area": "nothing"}, {"actor": "999999"}, {"actor": "x"}, {"before": "-1"}, {"before": "x" * 300}):
        response = admin_client.get("/settings/changes/", query)
        assert response.status_code == 200 and len(rows(response)) == 1, query


def test_older_changes_are_on_the_next_page_and_the_query_count_does_not_grow(
    admin_client, admin_user, django_assert_num_queries
):
    people = [StaffFactory() for _ in range(3)]
    entries = [log(people[number % 3], "shop", f"#{number}") for number in range(audit.PAGE_SIZE + 5)]

    with django_assert_num_queries(5):
        first = admin_client.get("/settings/changes/", {"area": "shop"})
    assert len(rows(first)) == audit.PAGE_SIZE
    older = pager_links(first)[-1].attrs["href"]
    assert older == f"?area=shop&before={entries[5].pk}"

    with django_assert_num_queries(5):
        second = admin_client.get("/settings/changes/" + older)
    assert [row.split("Winkelgegevens ")[1].split(":")[0] for row in rows(second)] == [
        f"#{n}" for n in range(4, -1, -1)
    ]
    assert [link.text for link in pager_links(second)] == ["Nieuwste wijzigingen"]
