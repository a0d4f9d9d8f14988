import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The password reset's per-address count lives in the cache: every test starts without one."""
    cache.clear()
    yield
    cache.clear()
