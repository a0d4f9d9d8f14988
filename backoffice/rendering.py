"""Where the backoffice renders through Jinja2 instead of the Django template language: forms, and the orders table.

Forms: every `{{ field.as_field_group }}` goes through one field template, backoffice/jinja2/backoffice/_field.html
(label, the widget, help text and errors with the ids the widget's aria-describedby points at), and the widgets
through the templates Django ships in django/forms/jinja2. In the Django template language a select is one
template per option and an include for every set of attributes: the orders list's filter form (15 fields) cost
about 9 ms a page, a quarter of the page. Jinja2 compiles the same templates to Python: the form then takes ~1 ms.

The orders table (orders/jinja2/orders/order_table.html, on every orders list page and Bekijk klant): ~25 values per
row, and the Django template language resolves each through its lookup rules and filters: ~4 ms for a page of 25
rows, ~1.8 ms in Jinja2. The page around it stays a Django template and includes it with
`{% jinja "orders/order_table.html" %}` (backoffice/templatetags/backoffice.py), which passes that template's context
on. Texts are marked `{{ _("…") }}`: `makemessages` finds them there as in a Django template (same catalog, same
msgids: `_("Order %(number)s selecteren")|format(number=…)` is what `{% blocktranslate %}` makes of its variable).
Everything else stays a Django template: only a template that repeats a row many times a page is worth a second
language."""

from django.forms.renderers import Jinja2
from django.template.defaultfilters import capfirst, date, urlencode
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from jinja2 import Environment, Undefined

from backoffice.templatetags.backoffice import euro


def environment(**options) -> Environment:
    """The form renderer's Jinja2 environment, with the one filter of the field template Jinja2 lacks."""
    env = Environment(**options)
    env.filters["capfirst"] = capfirst
    return env


def page_environment(**options) -> Environment:
    """The pages' Jinja2 environment (TEMPLATES' "jinja2" engine): Django's translations, `url()`, and the filters of
    the Django templates they replace, which behave as there."""
    options["undefined"] = Undefined  # as a Django template: a missing value is empty (Django's DEBUG would print it)
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    env.filters.update(
        # {{ when|date("SHORT_DATETIME_FORMAT") }}: in the current time zone, as Django's `date` filter shows it
        date=lambda value, format=None: date(template_localtime(value), format),
        euro=euro,
        urlquote=lambda value: urlencode(value, ""),  # Django's `urlencode:''`: every reserved character
    )
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
