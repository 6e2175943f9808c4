"""Runs the README's blocks from a temporary directory; with --write, puts what they print into
its ```text output blocks (look at the diff before committing it).

Runnable blocks are ```sh (each command line, run by bash; ``make`` lines are the repository's
own two commands and are not run) and ```python (executed in one namespace shared by the
README's Python blocks). A block fenced ```text output shows what the runnable block before it
prints (stdout and stderr), whitespace normalised; ``...`` stands for any text. A command whose comment says ``exit status N`` must exit with N,
every other with 0. tests/python/test_readme.py checks the README with these functions.

    .venv/bin/python scripts/readme_blocks.py [--write]
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.S | re.M)


def blocks(text: str) -> Iterator[Tuple[str, str, int, int, int]]:
    """(info string, body, line number, body start, body end) of every fenced block."""
    for match in FENCE.finditer(text):
        yield (
            match.group(1).strip(),
            match.group(2),
            text.count("\n", 0, match.start()) + 1,
            match.start(2),
            match.end(2),
        )


def commands(body: str) -> List[str]:
    """The command lines of a sh block, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def normal(text: str) -> str:
    """Whitespace runs as one space."""
    return " ".join(text.split())


def matches(shown: str, printed: str) -> bool:
    """Whether ``printed`` is what ``shown`` shows, whitespace normalised; ``...`` in ``shown``
    stands for any text (a path of the machine, say)."""
    pattern = ".*?".join(re.escape(part) for part in normal(shown).split("..."))
    return re.fullmatch(pattern, normal(printed)) is not None


def run_sh(body: str, cwd: Path) -> str:
    """Run each command of a sh block; what they print (stdout then stderr, per command)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PKENGINE_DRUG_PATH", None)
    shown = []
    for line in commands(body):
        if line.startswith("make "):
            continue
        status = re.search(r"#.*exit status (\d+)", line)
        done = subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True)
        expected = int(status.group(1)) if status else 0
        if done.returncode != expected:
            raise AssertionError(f"{line}: exit status {done.returncode}, not {expected}\n{done.stdout}\n{done.stderr}")
        shown.append(done.stdout + done.stderr)
    return "".join(shown)


def run_python(body: str, namespace: dict) -> str:
    """Execute a Python block in ``namespace``; what it prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(body, "README.md", "exec"), namespace)
    return out.getvalue()


def run_readme(text: str, cwd: Path):
    """Run every block in order; yields (line, shown, printed, start, end) per output block and
    counts the runnable blocks in the returned list's last element."""
    namespace: dict = {"__name__": "readme"}
    last = None
    results = []
    ran = 0
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        for info, body, line, start, end in blocks(text):
            language = info.split()[0] if info else ""
            if language == "sh":
                last = run_sh(body, cwd)
                ran += 1
            elif language == "python":
                last = run_python(body, namespace)
                ran += 1
            elif info == "text output":
                if last is None:
                    raise AssertionError(f"README.md:{line}: an output block before any command")
                results.append((line, body, last, start, end))
    finally:
        os.chdir(previous)
    return results, ran


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        results, ran = run_readme(text, Path(work))
    differ = [r for r in results if not matches(r[1], r[2])]
    for line, shown, printed, _, _ in differ:
        print(f"README.md:{line}: shows\n{shown}\nprints\n{printed}")
    if "--write" in sys.argv:
        for _, _, printed, start, end in sorted(differ, key=lambda r: -r[3]):
            text = text[:start] + printed.rstrip("\n") + "\n" + text[end:]
        readme.write_text(text, encoding="utf-8")
    print(f"{ran} blocks run, {len(results)} outputs, {len(differ)} differ")
    return 0 if not differ else 1


if __name__ == "__main__":
    raise SystemExit(main())
