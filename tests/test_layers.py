"""The layering contract: imports run one way, down the pipeline.

    errors, files, model, geometry, units, neutral  <  text, gazetteer  <  geoparse  <  claims  <  verify
        <  locate  <  render  <  pipeline, output, batch  <  cli, __main__

A module may import from its own layer or any layer below it, never above.
Imports inside ``if TYPE_CHECKING:`` are annotations only and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "geomap"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "files", "model", "geometry", "units", "neutral"}),
    frozenset({"text", "gazetteer", "curated"}),
    frozenset({"geoparse"}),
    frozenset({"claims"}),
    frozenset({"verify"}),
    frozenset({"locate"}),
    frozenset({"render"}),
    frozenset({"pipeline", "output", "batch"}),
    frozenset({"cli", "__main__"}),
)


def layer_of(component: str) -> int:
    for index, members in enumerate(LAYERS):
        if component in members:
            return index
    raise KeyError(f"geomap.{component} is in no layer: add it to LAYERS")


def component_of(module: str) -> str | None:
    """``geomap.claims.extract`` -> ``claims``; the package root itself -> None."""
    parts = module.split(".")
    if parts[0] != "geomap" or len(parts) < 2:
        return None
    return parts[1]


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def runtime_imports(tree: ast.AST) -> list[str]:
    """Every ``geomap...`` module imported outside ``if TYPE_CHECKING:``."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if _is_type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "geomap":
                found.extend(f"geomap.{alias.name}" for alias in node.names)
            else:
                found.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [name for name in found if name.startswith("geomap.")]


def modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_pipeline(path: Path) -> None:
    relative = path.relative_to(PACKAGE).with_suffix("")
    own = layer_of(relative.parts[0])
    upward = []
    for imported in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        component = component_of(imported)
        if component is not None and component != "__version__" and layer_of(component) > own:
            upward.append(imported)
    assert not upward, f"geomap/{relative} imports above its layer: {upward}"


def test_the_checker_sees_an_upward_import() -> None:
    tree = ast.parse("from geomap.render import render_map\nimport geomap.cli\n")
    assert runtime_imports(tree) == ["geomap.render", "geomap.cli"]
    assert layer_of(component_of("geomap.render.features") or "") > layer_of("claims")


def test_type_only_imports_do_not_count() -> None:
    tree = ast.parse("if TYPE_CHECKING:\n    from geomap.cli import main\n")
    assert runtime_imports(tree) == []


def test_every_folder_is_a_stage_with_a_docstring() -> None:
    for package in sorted(p.parent for p in PACKAGE.glob("*/__init__.py")):
        layer_of(package.name)
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert docstring and "In:" in docstring and "Out:" in docstring, (
            f"geomap/{package.name}/__init__.py: say what comes in (In:) and what goes out (Out:)"
        )


def test_every_stage_is_packaged() -> None:
    """A stage missing from pyproject's package list works from the source
    tree and breaks every installed copy."""
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    packaged = set(pyproject["tool"]["setuptools"]["packages"])
    stages = {
        "geomap." + ".".join(p.parent.relative_to(PACKAGE).parts)
        for p in PACKAGE.rglob("__init__.py")
        if p.parent != PACKAGE
    }
    assert stages <= packaged, sorted(stages - packaged)
