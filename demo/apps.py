from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and `manage.py seed_demo`. It imports every app and nothing imports it (pyproject.toml's
    import-linter contracts): the product works the same without it."""

    name = "demo"
    verbose_name = "Demo"
