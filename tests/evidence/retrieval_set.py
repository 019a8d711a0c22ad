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

#: (claim, a phrase of the passage it is matched with, whether that passage supports or contests it): the
#: retrieval cases above, which the passages back, and ten claims written against the same passages. What the
#: stance heuristic (:func:`argmap.nlp.retrieval.stance`) gets right here is measured, not tuned.
STANCE: list[tuple[str, str, str]] = [
    ("Working from home makes call-centre staff more productive.", "raised the performance of call-centre", "supports"),
    ("Remote workers quit less often.", "Attrition among the home workers fell by half", "supports"),
    ("People who work remotely get promoted less.", "promotion rates for home workers", "supports"),
    ("That study says nothing about software engineers working remotely.",
     "does not show that remote work raises", "supports"),
    ("Most companies in the four-day week pilot kept the shorter week.", "fifty-six chose to continue", "supports"),
    ("A four-day week did not hurt company revenue.", "revenue stayed broadly the same", "supports"),
    ("The pilot firms volunteered, so the results are biased.", "participating companies volunteered", "supports"),
    ("Juniors learn from seniors mostly in person.", "informal mentoring happened mainly in person", "supports"),
    ("Open-plan offices kill face-to-face collaboration.",
     "Open-plan offices do not improve collaboration", "supports"),
    ("Long commutes make people unhappy.", "commuting reduces satisfaction", "supports"),
    ("Shorter weeks reduce burnout and sick days.", "less burnout, better sleep and fewer sick days", "supports"),
    ("The home-working experiment assigned staff by birthday.", "even-numbered birthdays", "supports"),
    ("Working from home lowered the performance of call-centre employees.",
     "raised the performance of call-centre", "contests"),
    ("Remote workers quit more often than office workers.",
     "Attrition among the home workers fell by half", "contests"),
    ("Home workers were promoted more often than office workers.", "promotion rates for home workers", "contests"),
    ("Most companies in the four-day week pilot went back to five days.", "fifty-six chose to continue", "contests"),
    ("The four-day week pilot hurt company revenue.", "revenue stayed broadly the same", "contests"),
    ("Open-plan offices improve face-to-face collaboration.",
     "Open-plan offices do not improve collaboration", "contests"),
    ("Long commutes make no difference to how satisfied people are with life.",
     "commuting reduces satisfaction", "contests"),
    ("Shorter weeks increase burnout and sick days.", "less burnout, better sleep and fewer sick days", "contests"),
    ("That study proves remote work raises productivity for software engineers.",
     "does not show that remote work raises", "contests"),
    ("Juniors learn from seniors just as well over chat as in person.",
     "informal mentoring happened mainly in person", "contests"),
]
