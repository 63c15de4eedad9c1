"""A site built once per test session from the valid example project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.build import build

from .conftest import VALID


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(VALID, root)
    result = build(root / "mkdocs.yml")
    return result.site_dir
