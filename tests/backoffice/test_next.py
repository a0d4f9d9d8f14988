"""`next` after logging in or switching the language is a path on this site or nothing (found by
tests/test_hostile_input.py: redirect() took any other text for the name of a view, and failed with a 500)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["99999999999999999999", "orders:list", "https://evil.example/", "//evil.example/"])
def test_a_next_that_is_not_a_path_here_goes_to_the_start_page(staff_client, target):
    response = staff_client.post("/language/", {"language": "en", "next": target})

    assert response.status_code == 302 and response.url == "/orders/"


def test_a_logged_in_colleague_on_the_login_page_with_a_strange_next_goes_to_the_start_page(staff_client):
    response = staff_client.get("/login/", {"next": "99999"})

    assert response.status_code == 302 and response.url == "/orders/"
