"""Imports point one way: text logic -> stage I/O -> Dagster shell (assets -> pipelines) -> CLI.

A small AST walk of the installed package (`marsad/`, and `assets/`, `pipelines/`, `sql/` under
the names pyproject's `package-dir` gives them) that fails on
- an import cycle between modules (module-level imports, the ones that run at import time);
- an import from a lower layer into a higher one, the tagger importing the linker, or Dagster
  imported below the shell;
- a first-party import inside a function body (the usual way to hide a cycle), except in the CLI,
  which loads each command's dependencies on demand, and in the Dagster assets, whose rarely-run
  steps (training the tagger, building the entity catalogue) load their code when they run
  rather than with the definitions every `marsad run` imports;
- a first-party folder imported by its checkout name (`import assets`), which only works from
  the checkout and not from an installed wheel.
Every failure names the file and line of the import and the rule it breaks.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Rules:
    """What the import graph of one package must obey."""

    # Bottom-up: (layer name, module prefixes). A module belongs to the layer with its longest
    # matching prefix and may import its own layer and those below.
    layers: tuple[tuple[str, tuple[str, ...]], ...]
    # (importer prefix, imported prefix, why): pairs forbidden even inside one layer.
    forbidden: tuple[tuple[str, str, str], ...] = ()
    # Layers (by name) that must not import these third-party top-level packages.
    no_dagster_in: tuple[str, ...] = ()
    # Modules allowed to import first-party code inside functions.
    function_imports_allowed: tuple[str, ...] = ()
    # Checkout folder names that are installed under another name (`assets` -> `marsad.assets`).
    renamed: Mapping[str, str] = field(default_factory=dict)


MARSAD_RULES = Rules(
    layers=(
        # everything in marsad/ not named below: text, sources, ner, entities, records,
        # identity, partitioning, settings, sql, and the shared word lists (marsad.text)
        ("text logic", ("marsad",)),
        ("stage I/O", ("marsad.stages",)),
        ("Dagster assets", ("marsad.assets",)),
        ("Dagster definitions", ("marsad.pipelines",)),
        ("CLI", ("marsad.cli",)),
    ),
    forbidden=(
        ("marsad.ner", "marsad.entities", "the tagger runs before the linker"),
        ("marsad.text", "marsad.ner", "text logic and word lists sit below the tagger"),
        ("marsad.text", "marsad.entities", "text logic and word lists sit below the linker"),
    ),
    no_dagster_in=("text logic", "stage I/O"),
    function_imports_allowed=("marsad.cli", "marsad.assets"),
)


@dataclass(frozen=True, slots=True)
class Import:
    importer: str  # module doing the import
    target: str  # first-party module it resolves to, or the imported third-party name
    where: str  # path:line, relative to the scanned root
    in_function: bool
    first_party: bool


def package_roots(repo: Path) -> dict[str, Path]:
    """Module prefix -> folder, from pyproject's setuptools packages and package-dir."""
    config = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    package_dir = setuptools.get("package-dir", {})
    tops = {name.split(".")[0] for name in setuptools["packages"]}
    roots = {top: repo / top for top in tops}
    roots.update({name: repo / folder for name, folder in package_dir.items()})
    return roots


def _module_files(roots: Mapping[str, Path]) -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for prefix, folder in roots.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((prefix, *parts))] = path
    return modules


def _resolve(name: str, known: set[str]) -> str:
    """The longest known module that `name` (a module or a name inside one) lives in."""
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, where: str, tops: set[str], known: set[str]):
        self.module, self.is_package, self.where = module, is_package, where
        self.tops, self.known = tops, known
        self.depth = 0
        self.found: list[Import] = []

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, name: str, line: int) -> None:
        top = name.split(".")[0]
        first_party = top in self.tops
        target = _resolve(name, self.known) if first_party else name
        found = Import(self.module, target, f"{self.where}:{line}", self.depth > 0, first_party)
        if found not in self.found:  # `from m import a, b` is one import of m
            self.found.append(found)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            package = self.module if self.is_package else self.module.rsplit(".", 1)[0]
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        for alias in node.names:
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            submodule = f"{source}.{alias.name}"
            self._add(submodule if submodule in self.known else source, node.lineno)


def scan(roots: Mapping[str, Path], relative_to: Path) -> list[Import]:
    """Every import statement in the package, resolved to module names."""
    modules = _module_files(roots)
    known = set(modules)
    tops = {name.split(".")[0] for name in roots}
    found: list[Import] = []
    for module, path in sorted(modules.items()):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(relative_to).as_posix()
        visitor = _Visitor(module, path.name == "__init__.py", where, tops, known)
        visitor.visit(tree)
        found.extend(visitor.found)
    return found


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _layer(module: str, rules: Rules) -> int:
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(rules.layers):
        for prefix in prefixes:
            if _within(module, prefix) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def _cycles(imports: Iterable[Import]) -> list[str]:
    """One concrete cycle per strongly connected component of the module-level graph."""
    edges: dict[str, dict[str, str]] = {}
    for imp in imports:
        if imp.first_party and not imp.in_function and imp.target != imp.importer:
            edges.setdefault(imp.importer, {}).setdefault(imp.target, imp.where)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan; the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, {})):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)

    messages = []
    for component in sorted(components):
        members = set(component)
        start = component[0]
        # shortest path start -> ... -> start inside the component
        previous: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in previous:
            next_frontier = []
            for node in frontier:
                for nxt in sorted(edges.get(node, {})):
                    if nxt in members and nxt not in previous:
                        previous[nxt] = node
                        next_frontier.append(nxt)
            frontier = next_frontier
        path = [start]
        node = previous[start]
        while node != start:
            path.append(node)
            node = previous[node]
        path.append(start)
        path.reverse()  # start -> ... -> start
        steps = [f"{a} ({edges[a][b]})" for a, b in zip(path, path[1:], strict=False)]
        messages.append(
            f"import cycle among {', '.join(component)}: {' -> '.join(steps)} -> {start}"
        )
    return messages


def check(imports: list[Import], rules: Rules) -> list[str]:
    """Every rule an import breaks, one line each, naming file:line (empty: all good)."""
    problems = _cycles(imports)
    for imp in imports:
        head = f"{imp.where} imports {imp.target}"
        if not imp.first_party:
            top = imp.target.split(".")[0]
            if top in rules.renamed:
                problems.append(
                    f"{head}: '{top}' is the checkout folder; it installs as "
                    f"'{rules.renamed[top]}', so import that"
                )
            elif top == "dagster" or top.startswith("dagster_"):
                layer = _layer(imp.importer, rules)
                name = rules.layers[layer][0] if layer >= 0 else None
                if name in rules.no_dagster_in:
                    problems.append(
                        f"{head}: {imp.importer} is {name}, below the Dagster shell, "
                        "and must not import Dagster"
                    )
            continue
        low, high = _layer(imp.importer, rules), _layer(imp.target, rules)
        if high > low:
            problems.append(
                f"{head}: upward import from {rules.layers[low][0]} ({imp.importer}) "
                f"into {rules.layers[high][0]} ({imp.target})"
            )
        for importer, imported, why in rules.forbidden:
            if _within(imp.importer, importer) and _within(imp.target, imported):
                problems.append(f"{head}: {importer} must not import {imported} ({why})")
        if imp.in_function and not any(
            _within(imp.importer, allowed) for allowed in rules.function_imports_allowed
        ):
            problems.append(
                f"{head} inside a function: first-party imports belong at the top of the "
                "module (an import hidden in a function usually dodges a cycle)"
            )
    return problems


def _report(problems: list[str]) -> str:
    return f"{len(problems)} import rule violation(s):\n" + "\n".join(problems)


def test_marsad_imports_point_one_way():
    roots = package_roots(REPO_ROOT)
    renamed = {Path(folder).name: name for name, folder in roots.items() if "." in name}
    rules = replace(MARSAD_RULES, renamed=renamed)
    imports = scan(roots, REPO_ROOT)
    scanned = {imp.importer for imp in imports}
    assert {"marsad.cli", "marsad.stages.raw", "marsad.assets", "marsad.pipelines.definitions"} <= (
        scanned
    )
    problems = check(imports, rules)
    assert not problems, _report(problems)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


TOY_RULES = Rules(
    layers=(("core", ("toy",)), ("shell", ("toy.shell",))),
    forbidden=(("toy.tagger", "toy.linker", "the tagger runs first"),),
    no_dagster_in=("core",),
    function_imports_allowed=("toy.shell.cli",),
    renamed={"shell": "toy.shell"},
)


def test_checker_reports_each_broken_rule_with_file_and_line(tmp_path):
    _write(
        tmp_path,
        {
            "toy/__init__.py": "",
            "toy/a.py": "from toy import b\n",
            "toy/b.py": "import os\nimport toy.a\n",
            "toy/up.py": "from toy.shell.assets import thing\n",
            "toy/rel.py": "from . import a\nfrom .shell import assets\n",
            "toy/hidden.py": "def f():\n    from toy import a\n    return a\n",
            "toy/dag.py": "import dagster as dg\n",
            "toy/tagger.py": "from toy.linker import link\n",
            "toy/linker.py": "link = None\n",
            "toy/stale.py": "from shell import assets\n",
            "toy/shell/__init__.py": "",
            "toy/shell/assets.py": "import dagster\nfrom toy import a\nthing = a\n",
            "toy/shell/cli.py": "def main():\n    from toy.shell import assets\n    return assets\n",
        },
    )
    imports = scan({"toy": tmp_path / "toy"}, tmp_path)
    assert sorted(check(imports, TOY_RULES)) == sorted(
        [
            "import cycle among toy.a, toy.b: toy.a (toy/a.py:1) -> toy.b (toy/b.py:2) -> toy.a",
            "toy/up.py:1 imports toy.shell.assets: upward import from core (toy.up) "
            "into shell (toy.shell.assets)",
            "toy/rel.py:2 imports toy.shell.assets: upward import from core (toy.rel) "
            "into shell (toy.shell.assets)",
            "toy/hidden.py:2 imports toy.a inside a function: first-party imports belong at the "
            "top of the module (an import hidden in a function usually dodges a cycle)",
            "toy/dag.py:1 imports dagster: toy.dag is core, below the Dagster shell, "
            "and must not import Dagster",
            "toy/tagger.py:1 imports toy.linker: toy.tagger must not import toy.linker "
            "(the tagger runs first)",
            "toy/stale.py:1 imports shell: 'shell' is the checkout folder; it installs as "
            "'toy.shell', so import that",
        ]
    )


def test_checker_passes_a_package_that_points_one_way(tmp_path):
    _write(
        tmp_path,
        {
            "toy/__init__.py": "",
            "toy/a.py": "import os\n",
            "toy/b.py": "from toy import a\nfrom . import a as again\n",
            "toy/shell/__init__.py": "from toy.shell import assets\n",
            "toy/shell/assets.py": "import dagster\nfrom toy import b\n",
            "toy/shell/cli.py": "def main():\n    from toy.shell import assets\n",
        },
    )
    assert check(scan({"toy": tmp_path / "toy"}, tmp_path), TOY_RULES) == []
