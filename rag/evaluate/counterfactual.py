"""Answer-removed counterfactuals of a gold set: the corpus without what answers each question.

Every answerable gold question gets a counterfactual: the same question over a corpus from which
its answer is taken out, where the expected outcome is always a decline.

- News gold (a question whose sources are dated): the files the question cites are dropped.
- Paragraph gold (undated sources, XQuAD style): the sentences of the cited files that state a
  gold answer are cut out of them (a file left empty is dropped).

A question is kept only when no item left in the corpus still states any of its gold answers
(whole tokens after NFC and case folding, as the metrics match answers); the others are left out
and counted. Unanswerable gold questions are left out of the counterfactual set.

Two constructions (`--counterfactual gold|question`):

- `gold` (the default): one counterfactual corpus for the whole gold set, without the cited
  sources of every answerable question at once. One re-index, cheap; a question then also loses
  the files cited by other questions, and a corpus that every question cites (the two-article
  sample) is left empty, so none of its questions can be asked.
- `question`: one corpus per question (questions with the same cited sources share one), the
  index brought in line with each in turn: only the files that differ are re-embedded.

The user's index is never written: it is copied into a temporary folder, and that copy ingests a
view of the corpus (a copy of the folder with files dropped or cut), so only the changes are
re-indexed (`rag.ingest.pipeline` drops files gone from the folder and skips unchanged ones by
content hash).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from tqdm import tqdm

from ..errors import BadArticleError, NewsragError
from .gold import GoldQuestion
from .metrics import tokens

CONSTRUCTIONS = ("gold", "question")
_EDITABLE = {".txt", ".md"}  # files whose sentences can be cut (plain text, offsets are the file's)


@dataclass(frozen=True)
class Variant:
    """One counterfactual corpus: the files dropped, the files with sentences cut, and the
    questions asked over it."""

    removed: tuple[str, ...]
    edited: tuple[tuple[str, str], ...]  # (file, its text with the answer's sentences cut)
    cut: tuple[tuple[str, str], ...]  # (file, a sentence cut from it)
    questions: tuple[GoldQuestion, ...]


@dataclass
class Plan:
    """The counterfactual corpora of a gold set and the questions left out of them (why)."""

    construction: str
    variants: list[Variant] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # question id -> why it is not asked
    answerable: int = 0  # answerable gold questions considered

    @property
    def kept(self) -> int:
        return sum(len(v.questions) for v in self.variants)


@dataclass(frozen=True)
class _Removal:
    """What one question takes out of the corpus."""

    removed: frozenset[str]
    cut: frozenset[tuple[str, int, int]]  # (file, start, end) of sentences to cut


class _Items:
    """The corpus's items as token lists, per file (a feed export holds many items)."""

    def __init__(self, root: Path, texts: dict[str, list[str]]) -> None:
        self.root = root
        self._tokens = {file: [_Tokens(t) for t in items] for file, items in texts.items()}

    @classmethod
    def read(cls, root: Path, options: Any = None) -> "_Items":
        from ..ingest.corpus import list_article_files, read_source_file
        from ..ingest.formats import ReadOptions

        options = options or ReadOptions()
        texts: dict[str, list[str]] = {}
        for path in list_article_files(root):
            rel = path.relative_to(root).as_posix()
            texts[rel] = [a.text for a in read_source_file(root, path, options)
                          if not isinstance(a, BadArticleError)]
        return cls(root, texts)

    def files(self) -> set[str]:
        return set(self._tokens)

    def stating(self, answers: Iterable[str], removed: set[str], edited: dict[str, str]
                ) -> str | None:
        """The first file left (edited files as edited) that states one of the answers."""
        wanted = [w for w in (tokens(a) for a in answers) if w]
        for file, items in self._tokens.items():
            if file in removed:
                continue
            if file in edited:
                items = [_Tokens(edited[file])]
            if any(item.holds(w) for item in items for w in wanted):
                return file
        return None


class _Tokens:
    __slots__ = ("list", "set")

    def __init__(self, text: str) -> None:
        self.list = tokens(text)
        self.set = set(self.list)

    def holds(self, want: list[str]) -> bool:
        if not all(t in self.set for t in want):
            return False
        n = len(want)
        return any(self.list[i : i + n] == want for i in range(len(self.list) - n + 1))


def plan_counterfactuals(
    questions: list[GoldQuestion], corpus_root: Path, construction: str = "gold",
    options: Any = None, items: _Items | None = None,
) -> Plan:
    """The counterfactual corpora of a gold set (see the module's docstring)."""
    from .run import resolve_sources

    if construction not in CONSTRUCTIONS:
        raise NewsragError(f"--counterfactual: expected one of {', '.join(CONSTRUCTIONS)},"
                           f" got {construction!r}")
    root = Path(corpus_root).resolve()
    items = items or _Items.read(root, options)
    texts: dict[str, str] = {}
    plan = Plan(construction)
    removals: dict[str, _Removal] = {}
    answerable = [q for q in questions if q.answerable]
    plan.answerable = len(answerable)
    files = items.files()
    for question in answerable:
        sources = [s for s in resolve_sources(question, root) if s in files]
        if not sources:
            plan.left_out[question.id] = "no cited source in the corpus"
            continue
        if question.dates:
            removals[question.id] = _Removal(frozenset(sources), frozenset())
            continue
        cuts = set()
        for source in sources:
            if Path(source).suffix.lower() not in _EDITABLE:
                continue
            if source not in texts:
                texts[source] = (root / source).read_text(encoding="utf-8")
            text = texts[source]
            cuts |= {(source, s, e) for s, e in _answer_sentences(source, text, question.answers)}
        if not cuts:
            plan.left_out[question.id] = "no sentence of its sources states a gold answer"
            continue
        removals[question.id] = _Removal(frozenset(), frozenset(cuts))

    if construction == "gold":
        groups = {"all": [q for q in answerable if q.id in removals]}
        merged = {"all": _Removal(
            frozenset().union(*(r.removed for r in removals.values())),
            frozenset().union(*(r.cut for r in removals.values())))}
    else:
        groups, merged = {}, {}
        for question in answerable:
            if question.id in removals:
                removal = removals[question.id]
                key = repr((sorted(removal.removed), sorted(removal.cut)))
                groups.setdefault(key, []).append(question)
                merged[key] = removal
    for key, group in groups.items():
        if not group:
            continue
        removal = merged[key]
        removed = set(removal.removed)
        edited: dict[str, str] = {}
        cut_sentences: list[tuple[str, str]] = []
        for file in sorted({f for f, _, _ in removal.cut} - removed):
            spans = sorted((s, e) for f, s, e in removal.cut if f == file)
            text = texts[file]
            cut_sentences += [(file, text[s:e]) for s, e in spans]
            edited_text = _without(text, spans)
            if _body(file, edited_text).strip():
                edited[file] = edited_text
            else:
                removed.add(file)
        if not files - removed:
            for question in group:
                plan.left_out[question.id] = "no article would be left in the corpus"
            continue
        kept = []
        for question in group:
            stating = items.stating(question.answers, removed, edited)
            if stating:
                plan.left_out[question.id] = f"an answer is still stated in {stating}"
            else:
                kept.append(question)
        if kept:
            plan.variants.append(Variant(tuple(sorted(removed)), tuple(sorted(edited.items())),
                                         tuple(cut_sentences), tuple(kept)))
    return plan


def _body(file: str, text: str) -> str:
    """A text file's text after its ` date YYYY-MM-DD ` header (the whole text without one)."""
    from ..ingest.corpus import parse_date_header

    try:
        _, offset = parse_date_header(file, text)
    except BadArticleError:
        offset = 0
    return text[offset:]


def _answer_sentences(file: str, text: str, answers: Iterable[str]) -> list[tuple[int, int]]:
    """The sentences of a text file's body that state one of the answers (a date header and its
    headline are one line, and are left alone)."""
    from ..ingest.chunking import sentence_spans

    offset = len(text) - len(_body(file, text))
    if offset:  # the header's line holds the headline: the body starts after it
        newline = text.find("\n", offset)
        offset = len(text) if newline < 0 else newline
    wanted = [w for w in (tokens(a) for a in answers) if w]
    spans = []
    for s, e in sentence_spans(text, offset):
        sentence = _Tokens(text[s:e])
        if any(sentence.holds(w) for w in wanted):
            spans.append((s, e))
    return spans


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans cut out, each with the spaces that follow it."""
    pieces, last = [], 0
    for s, e in spans:
        pieces.append(text[last:max(s, last)])
        last = max(e, last)
        while last < len(text) and text[last] in " \t":
            last += 1
    pieces.append(text[last:])
    return "".join(pieces)


class CorpusView:
    """A copy of the corpus folder that a counterfactual's files are dropped from or replaced in;
    the next variant puts back what the last one changed."""

    def __init__(self, source: Path, root: Path) -> None:
        self.source, self.root = source, root
        shutil.copytree(source, root, symlinks=True)
        self._changed: list[str] = []

    def apply(self, variant: Variant) -> None:
        for file in self._changed:  # the last variant's changes undone
            target = self.root / file
            target.unlink(missing_ok=True)
            shutil.copy2(self.source / file, target)
        for file in variant.removed:
            (self.root / file).unlink()
        for file, text in variant.edited:
            target = self.root / file
            target.unlink()  # a new file, never a write through a link
            target.write_text(text, encoding="utf-8")
        self._changed = [*variant.removed, *(file for file, _ in variant.edited)]


def run_counterfactuals(
    assistant: Any, plan: Plan, corpus_root: Path, ask_rows: Callable[..., list[dict]],
    progress: bool = True, work_dir: Path | None = None,
) -> tuple[list[dict[str, Any]], list[Any]]:
    """Ask each variant's questions over its corpus; rows marked `counterfactual` with what was
    taken out. `ask_rows(ask, questions)` gives the usual rows (one per config and question).

    The user's index is copied (read-locked while copying) into a temporary folder whose copy
    then ingests the view: only dropped and cut files change. With a Chroma server there is
    nothing to copy, and the view is indexed from scratch into a local index. Returns the rows
    and each variant's ingest report."""
    if not plan.variants:
        return [], []
    rows: list[dict[str, Any]] = []
    reports = []
    with tempfile.TemporaryDirectory(prefix="newsrag-counterfactual-", dir=work_dir) as tmp:
        work = Path(tmp)
        index = work / "index"
        if not assistant.settings.chroma_url and Path(assistant.index_dir).is_dir():
            with assistant.locks.reading():
                shutil.copytree(assistant.index_dir, index)
        view = CorpusView(Path(corpus_root).resolve(), work / "corpus")
        counter = type(assistant)(  # an Assistant like the user's (evaluate sits below it)
            settings=replace(assistant.settings, index_dir=str(index), chroma_url=""),
            embedder=assistant.embedder, today=assistant.today,
        )
        if index.is_dir():  # the copy's files now live in the view
            counter.store.open(create=True)
            counter.store.set_corpus_root(view.root.resolve())
        for variant in tqdm(plan.variants, desc="counterfactuals", unit="corpus",
                            disable=not progress or len(plan.variants) < 2):
            view.apply(variant)
            reports.append(counter.ingest(view.root, progress=False))
            taken: dict[str, Any] = {
                "counterfactual": True,
                "removed": list(variant.removed),
                **({"cut": [{"file": f, "sentence": s} for f, s in variant.cut]}
                   if variant.cut else {}),
            }
            for row in ask_rows(lambda q, mode: counter.ask(q, mode=mode),
                                list(variant.questions)):
                rows.append({**row, **taken})
    return rows, reports


def counterfactual_metrics(rows: list[dict[str, Any]], plan: Plan, configs: Iterable[str]
                           ) -> dict[str, dict[str, float | None]]:
    """Per config: questions asked, left out, declined and given a short answer (counts, and
    shares of those asked). Every counterfactual should be declined; a short answer shown on one
    is a bold answer the articles do not hold."""
    table = {}
    for name in configs:
        asked = [r for r in rows if r["config"] == name]
        declined = sum(bool(r["abstained"]) for r in asked)
        short = sum(bool(r.get("short_answer")) and not r["abstained"] for r in asked)
        table[name] = {
            "counterfactual_questions": float(len(asked)),
            "counterfactual_left_out": float(len(plan.left_out)),
            "counterfactual_declined": float(declined),
            "counterfactual_short_answers": float(short),
            "counterfactual_decline_rate": declined / len(asked) if asked else None,
            "counterfactual_short_answer_rate": short / len(asked) if asked else None,
        }
    return table


def counterfactual_kinds(rows: list[dict[str, Any]], questions: list[GoldQuestion]
                        ) -> dict[str, dict[str, dict[str, int]]]:
    """Per config and question kind (the gold `type`): counterfactuals asked, declined, and given
    a short answer."""
    kinds = {q.id: q.kind for q in questions if q.kind}
    table: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        if row["id"] not in kinds:
            continue
        cell = table.setdefault(row["config"], {}).setdefault(
            kinds[row["id"]], {"questions": 0, "declined": 0, "short_answers": 0})
        cell["questions"] += 1
        cell["declined"] += bool(row["abstained"])
        cell["short_answers"] += bool(row.get("short_answer")) and not row["abstained"]
    return table


def counterfactual_markdown(plan: Plan, reports: list[Any] = (),
                            kinds: dict[str, dict[str, dict[str, int]]] | None = None) -> str:
    """The report's note on how the counterfactual corpora were built."""
    removed = sorted({f for v in plan.variants for f in v.removed})
    edited = sorted({f for v in plan.variants for f, _ in v.edited})
    reasons: dict[str, int] = {}
    for why in plan.left_out.values():
        key = "an answer is still stated in another item" if why.startswith("an answer") else why
        reasons[key] = reasons.get(key, 0) + 1
    left_out = "; ".join(f"{n}: {why}" for why, n in sorted(reasons.items()))
    embedded = sum(len(r.added) + len(r.updated) for r in reports)
    dropped = sum(len(r.removed) for r in reports)
    return "\n".join([
        "", "## Counterfactuals", "",
        f"Answer-removed questions (every one should be declined), construction "
        f"`{plan.construction}`: {len(plan.variants)} counterfactual corpus(es), {len(removed)} "
        f"file(s) dropped, {len(edited)} file(s) with the answer's sentences cut; {plan.kept} of "
        f"{plan.answerable} answerable questions asked" + (f" (left out: {left_out})" if left_out
                                                          else "") + ".",
        f"The copied index re-embedded {embedded} article(s) and dropped {dropped} "
        f"over {len(reports)} ingest(s).",
    ] + _kinds_table(kinds or {})) + "\n"


def _kinds_table(kinds: dict[str, dict[str, dict[str, int]]]) -> list[str]:
    """declined / asked (short answers shown) per kind, one column per config."""
    names = list(kinds)
    if not names:
        return []
    order = list(dict.fromkeys(k for name in names for k in kinds[name]))
    lines = ["", "| kind: declined / asked (short answers) | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for kind in order:
        cells = [f"{c['declined']} / {c['questions']} ({c['short_answers']})"
                 if (c := kinds[name].get(kind)) else "n/a" for name in names]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines
