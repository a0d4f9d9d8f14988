"""The e-mail template language: plain text with `{{ placeholder }}`, nothing else.

Deliberately tiny: a shop administrator edits these texts, so there are no tags, filters or attribute access
to get wrong or to abuse; a placeholder the e-mail does not offer, or a stray brace, is refused.
"""

import re

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class TemplateError(ValueError):
    pass


def template_problems(text: str, allowed: list[str]) -> list[str]:
    """What is wrong with a template text (in Dutch, for the editor); empty when it is fine."""
    from django.utils.translation import gettext as _

    problems = []
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in allowed})
    for name in unknown:
        problems.append(_("Onbekende plaatshouder {{ %(name)s }}.") % {"name": name})
    leftover = PLACEHOLDER.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        problems.append(_("Er staat een {{ of }} zonder geldige plaatshouder, bijvoorbeeld {{ order_number }}."))
    return problems


def render(text: str, context: dict[str, object]) -> str:
    """Fill in the placeholders. The text must have passed `template_problems`."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in context:
            raise TemplateError(name)
        return str(context[name])

    return PLACEHOLDER.sub(value, text)
