"""Load a MkDocs hook module by path, as MkDocs does, for unit tests of its functions."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from conftest import ROOT

HOOKS = ROOT / "scripts" / "hooks"


def load_hook(name: str) -> ModuleType:
    """Import `scripts/hooks/<name>.py` with the hooks folder on the path, like MkDocs."""
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HOOKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOKS))
    return module
