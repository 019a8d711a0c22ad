"""The README as a reader follows it: every link to a part of the README leads somewhere."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_links_to_its_own_parts_lead_to_headings() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    anchors = {_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.MULTILINE)}
    links = re.findall(r"\]\(#([^)\s]+)\)", outside_code)
    assert len(links) > 20  # the contents line alone holds one per section
    assert sorted({link for link in links if link not in anchors}) == []


def test_readme_contents_lists_every_section_in_order() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    contents = next(line for line in text.splitlines() if line.startswith("**Contents:**"))
    sections = re.findall(r"^## (.+)$", re.sub(r"```.*?```", "", text, flags=re.DOTALL), flags=re.MULTILINE)
    assert re.findall(r"\[([^\]]+)\]\(#", contents) == sections


def test_readme_commands_name_only_options_their_help_lists() -> None:
    """Every option a command line in the README gives (``argmap render --min-confidence 0.6``, a row of the
    commands table, a line of a shell example) is one that command's ``--help`` lists, so a renamed or removed
    option cannot stay documented under its old name."""
    from typer.testing import CliRunner

    from argmap.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"`(argmap [^`]+)`", text)
    lines += [line.strip().removeprefix("$ ").split("#", 1)[0] for line in text.splitlines()
              if re.match(r"\s*(\$ )?argmap ", line)]
    runner = CliRunner()
    helps: dict[str, str] = {}

    def help_of(command: str) -> str:
        if command not in helps:
            helps[command] = runner.invoke(app, [*command.split(), "--help"], terminal_width=300).stdout
        return helps[command]

    commands = set(re.findall(r"^│ (\w+) ", help_of(""), flags=re.MULTILINE))
    assert {"ingest", "render", "claims", "evidence", "eval"} <= commands
    unknown, checked = set(), 0
    for line in lines:
        words = line.split()[1:]
        while words and words[0] in ("--db", "--model", "--workers", "--debug"):  # global options first
            words = words[1:] if words[0] == "--debug" else words[2:]
        if not words or words[0] not in commands:
            continue
        command = " ".join(words[:2]) if words[0] == "evidence" and len(words) > 1 else words[0]
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", " ".join(words)):
            checked += 1
            if option not in help_of(command) and option not in help_of(""):
                unknown.add(f"argmap {command} {option}")
    assert checked > 100
    assert sorted(unknown) == []


def test_readme_json_table_has_a_row_for_every_command_that_takes_json() -> None:
    """``evidence documents`` and ``evidence remove`` print JSON with ``--json``, and the README's table of what each
    command prints held no row for them: a script's author had to run them to learn the keys."""
    import typer.main

    from argmap.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| command | prints |")
    rows = text[start:text.index("\n\n", start)].splitlines()[2:]
    named = {name for row in rows for name in re.findall(r"`([a-z][a-z ]*?)(?: -o FILE)?`", row.split(" | ")[0])}
    group = typer.main.get_command(app)
    taking = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        for full, leaf in ([(f"{name} {sub}", c) for sub, c in subcommands.items()] if subcommands else
                           [(name, command)]):
            if any("--json" in getattr(param, "opts", ()) for param in leaf.params):
                taking.add(full)
    assert len(taking) > 15
    assert sorted(taking - named) == []
