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
