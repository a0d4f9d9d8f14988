import pytest

from notifications.rendering import TemplateError, render, template_problems


def test_placeholders_are_filled_in_whatever_the_spacing():
    assert render(
        "Order {{ order_number }} voor {{customer_name}}.", {"order_number": "ORD1", "customer_name": "Jan"}
    ) == ("Order ORD1 voor Jan.")


def test_values_are_inserted_as_text_not_as_template():
    assert render("{{ message }}", {"message": "{{ order_number }} <b>"}) == "{{ order_number }} <b>"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hallo {{ password }}", "Onbekende plaatshouder {{ password }}."),
        ("Hallo {{ customer_name }", "zonder geldige plaatshouder"),
        ("Hallo {{ customer.name }}", "zonder geldige plaatshouder"),
        ("{% if x %}", None),
    ],
)
def test_unknown_placeholders_and_broken_syntax_are_reported(text, problem):
    problems = template_problems(text, ["customer_name"])
    if problem is None:
        assert problems == []  # no template tags exist: "{%" is just text
    else:
        assert any(problem in found for found in problems), problems


def test_render_refuses_what_validation_would_have_refused():
    with pytest.raises(TemplateError):
        render("{{ unknown }}", {})
