"""A small retrieval evaluation set: claims, and the library passage (by a phrase it holds) each should find.

The documents are the ones in corpora/evidence/library, written for this project.
"""

from __future__ import annotations

#: (claim, a phrase of the passage that bears on it)
CASES: list[tuple[str, str]] = [
    ("Working from home makes call-centre staff more productive.", "raised the performance of call-centre"),
    ("Remote workers quit less often.", "Attrition among the home workers fell by half"),
    ("People who work remotely get promoted less.", "promotion rates for home workers"),
    ("That study says nothing about software engineers working remotely.", "does not show that remote work raises"),
    ("Most companies in the four-day week pilot kept the shorter week.", "fifty-six chose to continue"),
    ("A four-day week did not hurt company revenue.", "revenue stayed broadly the same"),
    ("The pilot firms volunteered, so the results are biased.", "participating companies volunteered"),
    ("Juniors learn from seniors mostly in person.", "informal mentoring happened mainly in person"),
    ("Open-plan offices kill face-to-face collaboration.", "Open-plan offices do not improve collaboration"),
    ("Long commutes make people unhappy.", "commuting reduces satisfaction with life"),
    ("Shorter weeks reduce burnout and sick days.", "less burnout, better sleep and fewer sick days"),
    ("The home-working experiment assigned staff by birthday.", "even-numbered birthdays"),
]
#: Claims no passage of the library bears on: nothing should be linked to them.
UNRELATED: list[str] = [
    "Open source language models will catch up with closed ones.",
    "Rust is a better language than C++ for new projects.",
]
