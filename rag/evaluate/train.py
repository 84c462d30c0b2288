"""`newsrag train`: fit the answer confidence (rag/answer/confidence.py) on labelled answers.

Two steps. The long one (`generate_table`) asks every question of the gold sets (the dev news,
the sample gold and its variants, XQuAD dev's four pairs) as the answerer answers them today, and
again as an answer-removed counterfactual, and writes one row per answer: its features, whether it
was right (answerable: a gold answer in the text, as the eval scores it; a counterfactual or an
unanswerable question: any answer given is wrong) and its group (a question and its
counterfactual share one, and XQuAD's pairs of one question too). No article text is kept, so the
table ships in the repo (data/confidence_train.jsonl). The short one (`fit_table`) refits from
that table, deterministically: grouped k-fold cross-validation gives every row a prediction from
a model that never saw its question, the cutoffs are chosen on those predictions, and the final
model is fitted on all rows.

Counterfactuals are made at the retrieval, not by re-indexing (thousands of re-indexes would take
days): for news the items the gold cites are taken out of the ranking (the next ones move up),
for reference paragraphs the sentences stating a gold answer are taken out of the retrieved
chunks. A question is kept only when no other item of the corpus states a gold answer. The
ranking is the one the full corpus gave, so a trimmed paragraph keeps the rank its answer earned:
if anything, harder to decline than the re-indexed corpus `newsrag eval --counterfactual` builds.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from ..answer.confidence import (
    FEATURES,
    MODEL_FILE,
    ConfidenceModel,
    Logistic,
    Trees,
    chosen_cutoff,
    confidence_features,
)
from ..answer.kinds import expected_answer
from ..errors import NewsragError
from ..types import Answer, Hit, Query, Retrieval
from .generated import GENERATED, write_generated_gold
from .gold import GoldQuestion, load_gold
from .metrics import (
    answer_correct,
    expected_calibration_error,
    reliability,
    reliability_markdown,
    span_matches,
    tokens,
)
from .run import resolve_sources

FOLDS = 5
L2 = 1.0  # ridge on standardised features: the weights of rare features stay small
MIN_SHORT_PRECISION = 0.90
MAX_FALSE_DECLINES = 0.08  # of the answerable questions (issue 25's bound)
# the answer model's trees: shallow and slowly learnt, as scikit-learn suggests for a few
# thousand rows; the short-answer model (a few hundred rows) stays logistic
TREES = {"max_iter": 100, "learning_rate": 0.05, "max_depth": 3, "l2_regularization": 1.0}
NAIVE = ("cited_similarity",)  # the baseline: how close the quoted sentence is, nothing else
WIDE = 20  # chunks retrieved for a counterfactual, so the next ones can move up


@dataclass(frozen=True)
class GoldSet:
    """One gold set to generate rows from: `paragraphs` for undated reference text (XQuAD),
    whose counterfactual cuts the answer's sentences instead of dropping the item."""

    name: str
    corpus: str
    gold: str  # the gold file ("" for a generated set: written next to its index)
    paragraphs: bool = False
    generated: bool = False  # questions made from the corpus (`rag.evaluate.generated`)


def default_sets(shared: str = "../shared") -> list[GoldSet]:
    """The sets `newsrag train --generate` reads: the repo's samples, the dev news, the first two
    written news sets, XQuAD dev, and, measured on but never fitted on, questions generated
    from the dev news and the written sets kept aside (`held_out`)."""
    xquad = f"{shared}/benchmarks/xquad"
    return [
        GoldSet("sample", "data/articles", "data/gold_qa.jsonl"),
        GoldSet("variants", "data/variants", "data/gold_variants.jsonl"),
        GoldSet("vnnews-dev", f"{shared}/corpus/vnnews-dev",
                f"{shared}/corpus/vnnews-dev-gold.jsonl"),
        GoldSet("vnnews-generated", f"{shared}/corpus/vnnews-dev", "", generated=True),
        GoldSet("vnnews-written", f"{shared}/corpus/vnnews-dev", "data/vnnews_written.jsonl"),
        GoldSet("vnnews-written2", f"{shared}/corpus/vnnews-dev", "data/vnnews_written2.jsonl"),
        GoldSet("vnnews-written3", f"{shared}/corpus/vnnews-dev", "data/vnnews_written3.jsonl"),
        GoldSet("vnnews-written4", f"{shared}/corpus/vnnews-dev", "data/vnnews_written4.jsonl"),
        GoldSet("vnnews-written5", f"{shared}/corpus/vnnews-dev", "data/vnnews_written5.jsonl"),
        *[GoldSet(f"xquad-{pair}", f"{xquad}/corpus/{pair[3:]}", f"{xquad}/dev.{pair}.jsonl", True)
          for pair in ("en-en", "vi-vi", "en-vi", "vi-en")],
    ]


# -- generating the table ---------------------------------------------------------------------


def group_of(set_name: str, question: GoldQuestion) -> str:
    """XQuAD's four pairs ask one question four ways ("<id>-envi"): one group for all four."""
    if set_name.startswith("xquad-"):
        return "xquad:" + question.id.rsplit("-", 1)[0]
    return f"{set_name}:{question.id}"


def row_of(set_name: str, question: GoldQuestion, answer: Answer, retrieval: Retrieval,
           counterfactual: bool) -> dict[str, Any]:
    """One table row: the answer's features and labels, no text."""
    answerable = question.answerable and not counterfactual
    given = not answer.abstained
    right = given and answerable and answer_correct(answer.text, question.answers,
                                                    every=question.needs_every_answer)
    short = given and answer.short_answer is not None
    short_right = short and answerable and span_matches(answer.short_answer.text,  # type: ignore[union-attr]
                                                        question.answers)
    return {
        "set": set_name,
        "id": question.id + ("#cf" if counterfactual else ""),
        "group": group_of(set_name, question),
        "type": question.kind,
        "asked": expected_answer(question.question).kind,
        "counterfactual": counterfactual,
        "answerable": answerable,
        "given": given,
        "right": bool(right),
        "short": bool(short),
        "short_right": bool(short_right),
        "features": _rounded(confidence_features(retrieval, answer)) if given else None,
    }


def _rounded(features: dict[str, float]) -> list[float]:
    """The features in the model's order, to four places (the table stays small)."""
    return [round(features[name], 4) for name in FEATURES]


class _Corpus:
    """Every item's tokens, to tell whether an item other than those removed states an answer."""

    def __init__(self, root: Path) -> None:
        self.items = {str(p.relative_to(root)).replace("\\", "/"): tokens(p.read_text("utf-8"))
                      for p in sorted(root.rglob("*")) if p.suffix in (".txt", ".md")}

    def states(self, answers: Iterable[str], skip: set[str]) -> bool:
        wanted = [tokens(a) for a in answers if tokens(a)]
        for file, have in self.items.items():
            if file in skip:
                continue
            for want in wanted:
                n = len(want)
                if any(have[i:i + n] == want for i in range(len(have) - n + 1)):
                    return True
        return False


def _states(text: str, answers: Iterable[str]) -> bool:
    return any(answer_correct(text, [a]) for a in answers)


def counterfactual_retrieval(wide: Retrieval, question: GoldQuestion, sources: tuple[str, ...],
                             top_k: int, paragraphs: bool) -> Retrieval | None:
    """The retrieval as if the answer were not in the corpus (see the module's docstring); None
    when what is left of the retrieved items still states a gold answer."""
    def trimmed(hit: Hit) -> Hit | None:
        if hit.chunk.file not in sources:
            return hit
        if not paragraphs:
            return None
        kept = tuple(s for s in hit.sentences if not _states(s.text, question.answers))
        if not kept:
            return None
        text = " ".join(s.text for s in kept)
        return replace(hit, sentences=kept, chunk=replace(hit.chunk, text=text))

    hits = [h for h in map(trimmed, wide.hits) if h is not None][:top_k]
    alternates = tuple(h for h in map(trimmed, wide.alternates) if h is not None)
    if any(_states(h.chunk.text, question.answers) for h in (*hits, *alternates)):
        return None
    return replace(wide, hits=tuple(hits), alternates=alternates)


def generate_rows(assistant: Any, gold: GoldSet, limit: int | None = None,
                  progress: bool = True) -> list[dict[str, Any]]:
    """Rows for one gold set: every question as asked, and its counterfactual where one can be
    made. `assistant` answers unscored (its `confidence_model` set to None)."""
    from tqdm import tqdm

    questions = load_gold(gold.gold)[:limit] if limit else load_gold(gold.gold)
    assistant.ingest(gold.corpus, progress=progress)
    root = Path(assistant.corpus_root or gold.corpus)
    corpus = _Corpus(root)
    top_k = assistant.settings.top_k
    rows = []
    for question in tqdm(questions, desc=gold.name, unit="q", disable=not progress):
        retrieval = assistant.retrieve(question.question)
        rows.append(row_of(gold.name, question, assistant.answer(retrieval), retrieval, False))
        if not question.answerable:
            continue
        sources = resolve_sources(question, root)
        if corpus.states(question.answers, set(sources)):
            continue  # another item states the answer too: no counterfactual to ask
        wide = assistant.retrieve(Query(question.question, top_k=top_k + WIDE))
        counterfactual = counterfactual_retrieval(
            replace(wide, query=retrieval.query), question, tuple(sources), top_k,
            gold.paragraphs)
        if counterfactual is None:
            continue
        rows.append(row_of(gold.name, question, assistant.answer(counterfactual),
                           counterfactual, True))
    return rows


def generate_table(assistant: Callable[[Path], Any], work: Path, table: Path,
                   shared: str = "../shared", only: set[str] | None = None,
                   limit: int | None = None, progress: bool = True) -> list[dict[str, Any]]:
    """Rows from every gold set (or those named in `only`), each set's corpus indexed in its own
    folder under `work` (`assistant(index_dir)` makes an unscored Assistant); written to
    `table`, replacing the rows of the sets asked for and keeping the others."""
    sets = [s for s in default_sets(shared) if only is None or s.name in only]
    unknown = (only or set()) - {s.name for s in default_sets(shared)}
    if unknown:
        raise NewsragError(f"--sets: unknown set(s) {', '.join(sorted(unknown))}")
    # every set asked for: nothing kept, so a table of other columns (a feature added) is redone
    kept = [r for r in read_table(table) if r["set"] not in {s.name for s in sets}] \
        if table.exists() and only is not None else []
    rows = []
    for gold in sets:
        index = work / ("index-" + gold.corpus.rstrip("/").replace("/", "_").strip("._"))
        if gold.generated:
            made = write_generated_gold(Path(gold.corpus), work / f"{gold.name}.jsonl")
            gold = replace(gold, gold=str(made))
        rows += generate_rows(assistant(index), gold, limit, progress)
    order = [s.name for s in default_sets(shared)]
    everything = sorted(kept + rows, key=lambda r: order.index(r["set"]) if r["set"] in order
                        else len(order))
    write_table(everything, table)
    return everything


def write_table(rows: list[dict[str, Any]], path: Path) -> None:
    """The table: a first line naming the feature columns, then one row per answer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"columns": list(FEATURES)}) + "\n")
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def read_table(path: Path) -> list[dict[str, Any]]:
    """The rows of a table whose columns are the model's features."""
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if not lines or lines[0].get("columns") != list(FEATURES):
        raise NewsragError(f"{path}: not a feature table of this version (its columns differ "
                           "from the model's features): run `newsrag train --generate`")
    return lines[1:]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- fitting -------------------------------------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> Logistic:
    """Logistic regression by Newton's method on standardised features, with a ridge penalty
    (not on the bias): a few lines of numpy, deterministic for the same rows."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-10:
            break
    return Logistic(tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                    tuple(float(v) for v in w[1:]), float(w[0]))


def fit_trees(x: np.ndarray, y: np.ndarray) -> Trees:
    """Gradient-boosted trees (scikit-learn's, on one thread so that every machine grows the
    same trees), read out into `Trees`, which answers without scikit-learn. The read-out uses
    the fitted model's private `_predictors` and `_baseline_prediction`, so
    tests/test_confidence.py checks that `Trees` gives scikit-learn's own probabilities."""
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits
    except ImportError as error:
        raise NewsragError("fitting the confidence needs scikit-learn: "
                           "pip install 'newsrag[train]'") from error
    with threadpool_limits(1):
        model = HistGradientBoostingClassifier(random_state=0, early_stopping=False, **TREES)
        model.fit(x, y)
    return Trees(float(np.ravel(model._baseline_prediction)[0]), tuple(
        tuple((-1 if node["is_leaf"] else int(node["feature_idx"]), float(node["num_threshold"]),
               int(node["left"]), int(node["right"]), float(node["value"]))
              for node in tree.nodes)
        for (tree,) in model._predictors))


def _matrix(rows: list[dict[str, Any]], features: tuple[str, ...] = FEATURES) -> np.ndarray:
    columns = [FEATURES.index(name) for name in features]
    return np.array([[r["features"][i] for i in columns] for r in rows], dtype=float)


def fold_of(group: str, folds: int = FOLDS) -> int:
    """A group's fold, from a hash of its name: the same on every machine and every run."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds


def out_of_fold(rows: list[dict[str, Any]], label: str, folds: int = FOLDS,
                features: tuple[str, ...] = FEATURES,
                fit: Callable[[np.ndarray, np.ndarray], Logistic | Trees] = fit_logistic
                ) -> np.ndarray:
    """Each row's prediction from a model fitted (by `fit`) on the other folds (grouped: a
    question, its counterfactual and its other language pairs are never on both sides)."""
    x = _matrix(rows, features)
    y = np.array([float(r[label]) for r in rows])
    fold = np.array([fold_of(r["group"], folds) for r in rows])
    predicted = np.zeros(len(rows))
    for k in range(folds):
        test = fold == k
        if not test.any():
            continue
        model = fit(x[~test], y[~test])
        predicted[test] = [model.probability(list(row)) for row in x[test]]
    return predicted


def answer_cutoff(confidence: np.ndarray, declined: int = 0,
                  max_false_declines: float = MAX_FALSE_DECLINES) -> float:
    """The highest cutoff (in hundredths) at which at most `max_false_declines` of the
    answerable questions are declined, counting the `declined` ones the answerer declined
    itself; `confidence`: the cross-validated confidences of the answerable questions answered.
    The rule declines every answer it can while keeping the answerable ones, because the model
    separates right from wrong answers too weakly (AUC 0.80) for the cutoff that maximises right
    minus wrong answers (0.55): that one declines 40% of the answerable questions."""
    total = len(confidence) + declined
    best = 0.0
    for cut in np.round(np.arange(0.01, 1.0, 0.01), 2):
        if (declined + float(np.sum(confidence < cut))) / max(total, 1) <= max_false_declines:
            best = float(cut)
    return best


def short_cutoff(confidence: np.ndarray, right: np.ndarray,
                 precision: float = MIN_SHORT_PRECISION) -> float:
    """The lowest cutoff at which the short answers shown are right `precision` of the time (on
    cross-validated predictions; 1.0, none shown, when no cutoff reaches it)."""
    for cut in np.round(np.arange(0.0, 1.0, 0.01), 2):
        shown = confidence >= cut
        if shown.sum() >= 10 and float(right[shown].mean()) >= precision:
            return float(cut)
    return 1.0


_UNDATED = FEATURES.index("undated")
_PARAGRAPH_SETS = frozenset(s.name for s in default_sets() if s.paragraphs)


def dated(row: dict[str, Any]) -> bool:
    """Whether a row's evidence is dated news: its answer's `undated` feature, or, for a question
    the answerer declined (no features), whether its set is news rather than paragraphs."""
    if row["features"] is not None:
        return not row["features"][_UNDATED]
    return row["set"] not in _PARAGRAPH_SETS


_CROSS_LANGUAGE = FEATURES.index("cross_language")
_CROSS_PAIRS = frozenset({"xquad-en-vi", "xquad-vi-en"})


def across(row: dict[str, Any]) -> bool:
    """Whether a row's answer quotes the other language: its `cross_language` feature, or, for a
    question the answerer declined (no features), whether the gold asks across languages (the
    written news sets' "cross" questions, XQuAD's mixed pairs)."""
    if row["features"] is not None:
        return bool(row["features"][_CROSS_LANGUAGE])
    return row.get("type") == "cross" or row["set"] in _CROSS_PAIRS


@dataclass(frozen=True)
class Cutoffs:
    """The answer cutoffs: `news` for an answer whose evidence is dated news, `cross_news` for
    one quoting dated news in the other language, `answer` for any other (and for news too when
    `news` is None; `news` across languages too when `cross_news` is None)."""

    answer: float
    news: float | None = None
    cross_news: float | None = None

    def of(self, row: dict[str, Any]) -> float:
        news = dated(row)
        return chosen_cutoff(self.answer, self.news, self.cross_news, dated=news,
                             across=news and across(row))


@dataclass(frozen=True)
class _Validated:
    """Cross-validated confidences of the answers given and of their short answers, and the
    cutoffs chosen on them."""

    answer: dict[int, float]  # id(row) -> P(right), from a model that never saw its question
    short: dict[int, float]
    cuts: Cutoffs
    short_cut: float


def _validated(rows: list[dict[str, Any]], folds: int, features: tuple[str, ...],
               fit: Callable[[np.ndarray, np.ndarray], Logistic | Trees] = fit_logistic
               ) -> _Validated:
    """Each cutoff is chosen on the rows it is applied to: the news cutoffs on those whose
    evidence is dated, in the question's language and across languages, the answer cutoff on
    the others (reference paragraphs). The model scores these differently (across languages no
    word of the question can be counted in the quote); one cutoff over all rows would be
    XQuAD's, and cutoffs chosen over overlapping rows let some rows decline more than the 8%
    promised."""
    given = [r for r in rows if r["given"]]
    oof = out_of_fold(given, "right", folds, features, fit)
    answer = {id(r): float(p) for r, p in zip(given, oof)}

    def cut_on(subset: list[dict[str, Any]]) -> float:
        answerable = [r for r in subset if r["answerable"]]
        return answer_cutoff(np.array([answer[id(r)] for r in answerable if r["given"]]),
                             sum(not r["given"] for r in answerable))

    news = [r for r in rows if dated(r)]
    cuts = Cutoffs(cut_on([r for r in rows if not dated(r)]),
                   cut_on([r for r in news if not across(r)]),
                   cut_on([r for r in news if across(r)]))
    shorts = [r for r in given if r["short"]]
    short_oof = out_of_fold(shorts, "short_right", folds, features)
    short_right = np.array([float(r["short_right"]) for r in shorts])
    shown = np.array([answer[id(r)] >= cuts.of(r) for r in shorts])
    short_cut = short_cutoff(short_oof[shown], short_right[shown]) if shown.any() else 1.0
    return _Validated(answer, {id(r): float(p) for r, p in zip(shorts, short_oof)}, cuts,
                      short_cut)


def fit_table(path: Path, folds: int = FOLDS) -> tuple[ConfidenceModel, dict[str, Any]]:
    """The model fitted on a feature table's written questions, its cutoffs chosen on grouped
    cross-validation, and the cross-validated figures (see `measure`), beside those of a naive
    confidence (the cited sentence's similarity alone, fitted and cut the same way); and the
    fitted model's figures on the generated questions, which it never saw (`held_out`)."""
    table = read_table(path)
    rows = [r for r in table if not held_out(r)]
    given = [r for r in rows if r["given"]]
    shorts = [r for r in given if r["short"]]
    full = _validated(rows, folds, FEATURES, fit_trees)
    naive = _validated(rows, folds, NAIVE)
    model = ConfidenceModel(
        features=FEATURES,
        answer=fit_trees(_matrix(given), np.array([float(r["right"]) for r in given])),
        short=fit_logistic(_matrix(shorts), np.array([float(r["short_right"]) for r in shorts])),
        answer_cutoff=full.cuts.answer,
        short_cutoff=full.short_cut,
        news_cutoff=full.cuts.news,
        cross_news_cutoff=full.cuts.cross_news,
        data_sha256=sha256_of(path),
        rows=len(given),
        notes=(f"fitted by `newsrag train` from {path.name}: {len(given)} answers given "
               f"({len(shorts)} with a short answer) of {len(rows)} rows of written questions "
               f"({len(table) - len(rows)} held out: generated questions and written ones kept "
               f"aside); cutoffs on {folds}-fold "
               "cross-validation grouped by question"),
    )
    figures = measure(rows, full.answer, full.short, full.cuts, full.short_cut)
    figures["naive"] = measure(rows, naive.answer, naive.short, naive.cuts, naive.short_cut)
    held = [r for r in table if held_out(r)]
    if held:
        scored = [r for r in held if r["given"]]
        features = [dict(zip(FEATURES, r["features"])) for r in scored]
        confidence = {id(r): model.confidence(f) for r, f in zip(scored, features)}
        short = {id(r): model.short_confidence(f) for r, f in zip(scored, features)}
        cuts = Cutoffs(model.answer_cutoff, model.news_cutoff, model.cross_news_cutoff)
        figures["held_out"] = measure(held, confidence, short, cuts, model.short_cutoff)
        written = [r for r in held if r["set"] in HELD_OUT_SETS]
        if len(HELD_OUT_SETS) > 1 and written:  # more questions, steadier figures
            figures["held_out"]["by_set"]["written sets, together"] = measure(
                written, confidence, short, cuts, model.short_cutoff)["all"]
    return model, figures


HELD_OUT_SETS = ("vnnews-written3", "vnnews-written4", "vnnews-written5")


def held_out(row: dict[str, Any]) -> bool:
    """A row measured on, never fitted on: a generated question's, or one of the written news
    sets kept aside (`HELD_OUT_SETS`). Generated questions, in their item's own words, are
    easier than a person's (nine in ten answered right); fitted on, they did not help the
    written sets (noise with the logistic model, fewer counterfactuals declined with the trees).
    A written set is kept aside until a later one is written to take its place, so that every
    fit is measured on questions it never saw; the README says what each set fitted on moved."""
    return row["type"] == GENERATED or row["set"] in HELD_OUT_SETS


# -- measuring -------------------------------------------------------------------------------------


def measure(rows: list[dict[str, Any]], confidence: dict[int, float], short: dict[int, float],
            cuts: Cutoffs, short_cut: float) -> dict[str, Any]:
    """Before (the answerer alone) and after (declined below `cuts`, short answers dropped below
    `short_cut`), by set and by what the question asks, on cross-validated confidences."""
    def figures(subset: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for when in ("before", "after"):
            def given(r: dict[str, Any]) -> bool:
                return r["given"] and (when == "before" or confidence[id(r)] >= cuts.of(r))

            def shows(r: dict[str, Any]) -> bool:
                return given(r) and r["short"] and (when == "before" or short[id(r)] >= short_cut)

            answerable = [r for r in subset if r["answerable"]]
            counterfactual = [r for r in subset if r["counterfactual"]]
            unanswerable = [r for r in subset if not r["answerable"] and not r["counterfactual"]]
            shown = [r for r in subset if shows(r)]
            out[when] = {
                "answerable": len(answerable),
                "accuracy": _share([given(r) and r["right"] for r in answerable]),
                "false_declines": _share([not given(r) for r in answerable]),
                "counterfactuals": len(counterfactual),
                "counterfactual_declined": _share([not given(r) for r in counterfactual]),
                "counterfactual_short_shown": _share([shows(r) for r in counterfactual]),
                "unanswerable": len(unanswerable),
                "unanswerable_declined": _share([not given(r) for r in unanswerable]),
                "short_shown": len(shown),
                "short_precision": _share([r["short_right"] for r in shown]),
            }
        return out

    scored = [r for r in rows if r["given"]]
    conf = [confidence[id(r)] for r in scored]
    right = [bool(r["right"]) for r in scored]
    by_set: dict[str, list] = defaultdict(list)
    by_asked: dict[str, list] = defaultdict(list)
    by_type: dict[str, list] = defaultdict(list)  # the gold's own kinds (the dev news has them)
    for r in rows:
        by_set[r["set"]].append(r)
        by_asked[r["asked"]].append(r)
        if r["type"]:
            by_type[f"{r['set']} {r['type']}"].append(r)
    return {
        "answer_cutoff": cuts.answer,
        "news_cutoff": cuts.news,
        "cross_news_cutoff": cuts.cross_news,
        "short_cutoff": short_cut,
        "all": figures(rows),
        "by_set": {k: figures(v) for k, v in sorted(by_set.items())},
        "by_asked": {k: figures(v) for k, v in sorted(by_asked.items())},
        "by_type": {k: figures(v) for k, v in sorted(by_type.items())},
        "ece": expected_calibration_error(conf, right),
        "auc": auc(conf, right),
        "reliability": reliability(conf, right),
    }


def auc(confidence: list[float], right: list[bool]) -> float | None:
    """How well the confidence ranks right answers above wrong ones (0.5: not at all, 1: every
    right answer above every wrong one), ties counting half."""
    pos = [c for c, r in zip(confidence, right) if r]
    neg = [c for c, r in zip(confidence, right) if not r]
    if not pos or not neg:
        return None
    order = np.sort(np.array(neg))
    above = sum(np.searchsorted(order, c, "left") + np.searchsorted(order, c, "right")
                for c in pos) / 2
    return float(above / (len(pos) * len(neg)))


def _share(flags: list[bool]) -> float | None:
    return sum(map(bool, flags)) / len(flags) if flags else None


def figures_markdown(figures: dict[str, Any]) -> str:
    """The cross-validated figures as the README and `newsrag train` show them."""
    def cell(value: Any) -> str:
        return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) \
            else str(value)

    def cutoffs(f: dict[str, Any]) -> str:
        news, cross = f.get("news_cutoff"), f.get("cross_news_cutoff")
        if news is None:
            return f"{f['answer_cutoff']:.2f}"
        across_languages = f", across languages {cross:.2f}" if cross is not None else ""
        return f"{f['answer_cutoff']:.2f} (dated news {news:.2f}{across_languages})"

    lines = [f"answer cutoff {cutoffs(figures)}, short-answer cutoff "
             f"{figures['short_cutoff']:.2f}; ECE {cell(figures['ece'])}, AUC "
             f"{cell(figures['auc'])} (cross-validated)", "",
             "| rows | answerable | accuracy before / after | false declines before / after | "
             "counterfactuals | declined before / after | short shown before / after | "
             "unanswerable declined before / after | short answers right where shown (shown) "
             "before / after |",
             "|---|---|---|---|---|---|---|---|---|"]
    naive = figures.get("naive")
    sections = [("all", figures["all"])] + ([(
        f"all, naive confidence (cutoffs {cutoffs(naive)} / "
        f"{naive['short_cutoff']:.2f}, ECE {cell(naive['ece'])})", naive["all"])] if naive else [])
    sections += list(figures["by_set"].items()) + [
        (f"asks {k}", v) for k, v in figures["by_asked"].items()] + list(
        figures.get("by_type", {}).items())
    held = figures.get("held_out")
    sections += [(f"held out: {k} (never fitted on)", v)
                 for k, v in (held["by_set"].items() if held else ())]
    for name, f in sections:
        b, a = f["before"], f["after"]
        lines.append(
            f"| {name} | {b['answerable']} | {cell(b['accuracy'])} / {cell(a['accuracy'])} | "
            f"{cell(b['false_declines'])} / {cell(a['false_declines'])} | {b['counterfactuals']} | "
            f"{cell(b['counterfactual_declined'])} / {cell(a['counterfactual_declined'])} | "
            f"{cell(b['counterfactual_short_shown'])} / {cell(a['counterfactual_short_shown'])} | "
            f"{cell(b['unanswerable_declined'])} / {cell(a['unanswerable_declined'])} "
            f"(of {b['unanswerable']}) | "
            f"{cell(b['short_precision'])} ({b['short_shown']}) / "
            f"{cell(a['short_precision'])} ({a['short_shown']}) |")
    return "\n".join(lines) + "\n\n" + reliability_markdown(figures["reliability"])


def default_model_path() -> Path:
    """The model file the package ships (rag/answer/confidence.json)."""
    from .. import answer

    return Path(answer.__file__).parent / MODEL_FILE
