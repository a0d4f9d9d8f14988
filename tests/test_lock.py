"""The lock (requirements/base.txt for the image, requirements/dev.txt for `make install`) agrees with pyproject.toml:
every pinned dependency is locked at the same version and every direct dependency the lock names is one that
pyproject.toml still has. A dependency changed in pyproject.toml without `make lock` fails here (and so CI)."""

import re
import tomllib

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = settings.BASE_DIR
DIRECT = "shop-backoffice (pyproject.toml)"  # how pip-compile marks a package pyproject.toml asks for


def pinned(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for line in requirements:
        requirement = Requirement(line)
        [specifier] = requirement.specifier  # exactly one `==`: the house pins every dependency
        assert specifier.operator == "==", f"{line}: pin it with =="
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def locked(name: str) -> tuple[dict[str, str], set[str]]:
    """(every package → version, the packages pip-compile says pyproject.toml asked for) of one lock file."""
    text = (ROOT / "requirements" / name).read_text()
    versions, direct, current = {}, set(), None
    for line in text.splitlines():
        if match := re.match(r"^([A-Za-z0-9][\w.-]*)==([^\s\\]+)", line):
            current = canonicalize_name(match.group(1))
            versions[current] = match.group(2)
        elif current and DIRECT in line:
            direct.add(current)
    return versions, direct


@pytest.mark.parametrize(
    ("lock", "extras"), [("base.txt", []), ("dev.txt", ["dev"])], ids=["base (the image)", "dev (make install)"]
)
def test_the_lock_has_exactly_the_pinned_dependencies(lock, extras):
    optional = project()["optional-dependencies"]
    wanted = pinned(project()["dependencies"] + [line for extra in extras for line in optional[extra]])
    versions, direct = locked(lock)

    assert {name: versions.get(name) for name in wanted} == wanted, f"run `make lock`: {lock} disagrees"
    assert direct == set(wanted), f"run `make lock`: {lock} names other direct dependencies than pyproject.toml"


def test_every_locked_package_has_a_hash_and_both_locks_agree():
    base, _ = locked("base.txt")
    dev, _ = locked("dev.txt")
    for name in ("base.txt", "dev.txt"):
        text = (ROOT / "requirements" / name).read_text()
        packages = re.findall(r"^[A-Za-z0-9][\w.-]*==\S+ \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", text, re.M)
        assert len(packages) == len(locked(name)[0]), f"{name}: a package without --hash"
        assert "--index-url" not in text and "--find-links" not in text  # nothing from this machine
    assert {name: dev[name] for name in base} == base  # the image runs what the tests ran


def test_make_install_and_the_image_install_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "pip install --require-hashes -r $(LOCK_DEV)" in makefile
    assert "$(INSTALLED): $(LOCK_DEV) pyproject.toml" in makefile  # pip runs again when the lock changed
    assert "pip install --require-hashes --no-deps -r /tmp/requirements.txt" in dockerfile
    assert "COPY requirements/base.txt /tmp/requirements.txt" in dockerfile
