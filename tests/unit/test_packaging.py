"""The wheel ships every Python package of src/ (a forgotten one breaks the installed CLI)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_package_under_src_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {
        ".".join(("samocode", *init.parent.relative_to(src).parts)).rstrip(".")
        for init in src.rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
