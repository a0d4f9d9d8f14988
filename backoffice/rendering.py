"""How forms render: every `{{ field.as_field_group }}` goes through one field template,
backoffice/jinja2/backoffice/_field.html (label, the widget, help text and errors with the ids the widget's
aria-describedby points at).

Forms render through Django's own Jinja2 form renderer (the widget templates Django ships in django/forms/jinja2),
not through the Django template language: a select is one template per option and an include for every set of
attributes, and in the Django template language that cost the orders list's filter form (15 fields) about 9 ms a
page, a quarter of the page. Jinja2 compiles the same templates to Python: the form then takes ~1 ms. The pages
themselves stay Django templates."""

from django.forms.renderers import Jinja2
from django.template.defaultfilters import capfirst
from django.utils.functional import cached_property
from jinja2 import Environment


def environment(**options) -> Environment:
    """The form renderer's Jinja2 environment, with the one filter of the field template Jinja2 lacks."""
    env = Environment(**options)
    env.filters["capfirst"] = capfirst
    return env


class FormRenderer(Jinja2):
    """Forms and fields render from django.forms' Jinja2 widget templates and the apps' jinja2/ directories
    (backoffice/jinja2/backoffice/_field.html for every field)."""

    field_template_name = "backoffice/_field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "backoffice.rendering.environment"},
            }
        )
