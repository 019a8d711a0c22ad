"""Train the learned part of the claim/premise model: ``python -m argmap.nlp.train [CORPORA] [--out FILE]``.

The examples are the gold units of the Habernal & Gurevych (2017) web-discourse corpus (Apache-2.0): claims
against premises, backing, rebuttals and refutations. Each unit's features are those of
:func:`argmap.nlp.kinds.learned_features`, computed from the same spaCy pipeline that extraction runs, so
training and use see the same features. A logistic regression (L2, classes weighted to count equally) is fitted
by full-batch gradient descent from zero weights over a sorted vocabulary, so the same corpus and pipeline give
the same file every time; there is nothing random to seed.

The two scalars that join the learned score to the hand-set one (:data:`SCALE`, :data:`THRESHOLD`) were
chosen on the Change My View development split, by opening post folds; no weight is fitted on that data.

Only this module needs numpy at training time (spaCy already depends on it); using the model needs nothing
but the JSON file.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from argmap.evaluate.gold import GoldThread
from argmap.evaluate.webdiscourse import load_webdiscourse
from argmap.nlp.kinds import features, learned_features

__all__ = [
    "DEFAULT_CORPORA", "DEFAULT_OUT", "ITERATIONS", "L2", "LEARNING_RATE", "MIN_COUNT", "SCALE", "THRESHOLD",
    "Example", "fit", "main", "model_json", "train", "webdiscourse_examples",
]

#: Where the shared corpora lie when the command is run from the project folder.
DEFAULT_CORPORA = Path("../shared/corpora")
#: Where the model goes: the package's data folder.
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "kinds.json"
#: L2 penalty (summed over examples, as in ``l2 / n * |w|^2 / 2`` per example).
L2 = 10.0
#: Gradient-descent steps and step size.
ITERATIONS = 2000
LEARNING_RATE = 0.5
#: A feature must occur in at least this many training units to get a weight.
MIN_COUNT = 2
#: The learned score is multiplied by this before it is added to the hand-set score (chosen on CMV dev folds).
SCALE = 0.25
#: Claim when hand-set score + SCALE * learned score is at least this (chosen on CMV dev folds).
THRESHOLD = -0.1
#: Weights smaller than this (in absolute value) are left out of the file.
_PRUNE = 0.001
_SUBFOLDER = Path("annotated") / "webdiscourse"


@dataclass(frozen=True)
class Example:
    """One training unit: its learned features and whether it is a claim."""

    features: dict[str, float]
    claim: bool


def webdiscourse_examples(corpus: Sequence[GoldThread], nlp: Language) -> list[Example]:
    """Examples from gold web-discourse documents: every explicit unit, claim or not.

    Args:
        corpus (Sequence[GoldThread]): from :func:`argmap.evaluate.webdiscourse.load_webdiscourse`.
        nlp (Language): a pipeline with tagger, parser and lemmatizer (the one extraction uses).

    Returns:
        list[Example]: in corpus order.
    """
    examples: list[Example] = []
    texts = [gold.thread.posts[0].text for gold in corpus]
    for gold, doc in zip(corpus, nlp.pipe(texts), strict=True):
        spans = [doc.char_span(unit.start, unit.end, alignment_mode="expand") for unit in gold.units]
        kept = [(unit, span) for unit, span in zip(gold.units, spans, strict=True) if span is not None]
        for index, (unit, span) in enumerate(kept):
            cues = features(span, index=index, count=len(kept), is_reply=False)
            examples.append(Example(learned_features(span, cues), unit.kind == "claim"))
    return examples


def fit(examples: Sequence[Example], *, l2: float = L2, iterations: int = ITERATIONS,
        learning_rate: float = LEARNING_RATE, min_count: int = MIN_COUNT) -> tuple[dict[str, float], float]:
    """Fit a class-weighted L2 logistic regression, claim positive.

    Args:
        examples (Sequence[Example]): at least one claim and one non-claim.
        l2 (float): L2 penalty.
        iterations (int): full-batch gradient steps.
        learning_rate (float): step size.
        min_count (int): features seen in fewer examples get no weight.

    Returns:
        tuple[dict[str, float], float]: weights by feature name (sorted by name) and the intercept.

    Raises:
        ValueError: when the examples hold only one class.
    """
    labels = np.array([1.0 if example.claim else 0.0 for example in examples])
    positives = float(labels.sum())
    if positives == 0 or positives == len(labels):
        raise ValueError("training needs both claims and non-claims; check the corpus folder")
    counts = Counter(name for example in examples for name in example.features)
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}
    matrix = np.zeros((len(examples), len(vocabulary)))
    for row, example in enumerate(examples):
        for name, value in example.features.items():
            column = vocabulary.get(name)
            if column is not None:
                matrix[row, column] = value
    # Each class weighs half, whatever its size: web-discourse has about four premises to a claim.
    sample = np.where(labels == 1.0, 0.5 / positives, 0.5 / (len(labels) - positives))
    weights = np.zeros(len(vocabulary))
    bias = 0.0
    for _ in range(iterations):
        probability = 1.0 / (1.0 + np.exp(-(matrix @ weights + bias)))
        gradient = sample * (probability - labels)
        weights -= learning_rate * (matrix.T @ gradient + l2 * weights / len(labels))
        bias -= learning_rate * float(gradient.sum())
    return {name: float(weights[i]) for name, i in vocabulary.items()}, bias


def model_json(weights: dict[str, float], bias: float, *, examples: int, claims: int,
               scale: float = SCALE, threshold: float = THRESHOLD) -> dict[str, object]:
    """The model file's content: rounded weights (tiny ones left out), the joining scalars and provenance."""
    kept = {name: round(value, 3) for name, value in sorted(weights.items()) if abs(value) >= _PRUNE}
    return {
        "format": "argmap.kinds.v1",
        "about": {
            "data": "Habernal & Gurevych (2017) web-discourse gold Toulmin units, "
                    f"{examples} units ({claims} claims)",
            "licence": "Apache-2.0 (training data)",
            "command": "python -m argmap.nlp.train",
            "fit": f"logistic regression, L2 {L2}, {ITERATIONS} full-batch steps, min count {MIN_COUNT}",
        },
        "bias": round(bias, 4),
        "scale": scale,
        "threshold": threshold,
        "weights": kept,
    }


def train(corpora: Path | str = DEFAULT_CORPORA, *, out: Path | str = DEFAULT_OUT, nlp: Language | None = None,
          loader: Callable[[Path], Sequence[GoldThread]] = load_webdiscourse) -> dict[str, object]:
    """Train on the web-discourse corpus under ``corpora`` and write the model file.

    Args:
        corpora (Path | str): the shared corpora folder (holding ``annotated/webdiscourse``) or the
            web-discourse folder itself.
        out (Path | str): the JSON file to write.
        nlp (Language | None): the spaCy pipeline; the configured one when ``None``.
        loader (Callable[[Path], Sequence[GoldThread]]): reads the gold documents from a folder.

    Returns:
        dict[str, object]: what was written.
    """
    root = Path(corpora)
    folder = root / _SUBFOLDER if (root / _SUBFOLDER).is_dir() else root
    if nlp is None:
        from argmap.nlp.extract import UNUSED_COMPONENTS
        from argmap.nlp.pipeline import load_pipeline
        nlp = load_pipeline(None, exclude=UNUSED_COMPONENTS)
    examples = webdiscourse_examples(loader(folder), nlp)
    weights, bias = fit(examples)
    content = model_json(weights, bias, examples=len(examples), claims=sum(e.claim for e in examples))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(content, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return content


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m argmap.nlp.train [CORPORA] [--out FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m argmap.nlp.train", description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="?", default=str(DEFAULT_CORPORA),
                        help="shared corpora folder, or the webdiscourse folder (default: ../shared/corpora)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="model file to write (default: argmap/data/kinds.json)")
    args = parser.parse_args(argv)
    content = train(args.corpora, out=args.out)
    weights = content["weights"]
    count = len(weights) if isinstance(weights, dict) else 0
    print(f"wrote {args.out}: {count} weights; {content['about']}")


if __name__ == "__main__":
    main()
