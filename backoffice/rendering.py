"""How forms render: every `{{ field.as_field_group }}` goes through one field template, backoffice/_field.html
(label, the widget, help text and errors with the ids the widget's aria-describedby points at)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The project's templates (and django.forms' widget templates) render forms, fields through one template."""

    field_template_name = "backoffice/_field.html"
