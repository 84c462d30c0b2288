"""Conversations: how often a chat turn is answered as its standalone question would be.

Each dialogue (JSONL: `{"id", "lang", "turns": [{"question", "follow_up", "standalone",
"sources"}]}`) is played turn by turn in several ways, and every turn's answer is compared with
the answer the expected standalone question gets when asked on its own:

- as typed: every message asked alone (no conversation at all);
- joined: a follow-up joined to the previous question, as offline chat did before issue 20
  (every turn after the first);
- resolved: `Assistant.chat` offline (rag/conversation/);
- llm-old / llm, with a chat model (--smollm2 or --llm-url): the previous condense prompt asked
  for every turn after the first, and `Assistant.chat` with the model (follow-ups only, the new
  prompt, the offline rewrite when the reply is unusable). Answers stay extractive in every mode,
  so the figures measure the rewrite, not the model's answers.

A turn is "answered as standalone" when both abstain or one answer's first quote is among the
other's quotes (the same fact, maybe cited in the other language first); "source
cited" when the answer cites one of the turn's expected sources. Usage:

    python benchmarks/conversations.py --corpus data/articles --dialogues data/conversations.jsonl
    python benchmarks/conversations.py --corpus /work/shared/corpus/vnnews-dev \\
        --dialogues benchmarks/data/conversations-vnnews-dev.jsonl \\
        --index-dir /tmp/vnnews-idx --copy-index /work/shared-idx/vnnews-dev \\
        --gold /work/shared/corpus/vnnews-dev-gold.jsonl [--smollm2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # llm_servers: llama.cpp serving SmolLM2, as the tests do

from rag import Answer, Assistant, NewsragError, Settings  # noqa: E402
from rag.answer.extractive import ExtractiveAnswerer  # noqa: E402
from rag.conversation import classify, resolve_turn  # noqa: E402
from rag.sources import SourceTexts  # noqa: E402
from rag.text.language import LANGUAGE_NAMES, detect_language  # noqa: E402
from rag.types import Retrieval  # noqa: E402

# prompts/condense.txt before issue 20, for the llm-old baseline
OLD_CONDENSE = string.Template(
    "Rewrite the last question of this conversation as one standalone question that can be "
    "understood without the conversation. Keep its language ($language). Reply with the question "
    "only.\n\nConversation:\n$history\n\nLast question: $question\nStandalone question:")

History = list[tuple[str, str]]


@dataclass
class Turn:
    dialogue: str
    index: int
    question: str
    follow_up: bool
    standalone: str
    sources: list[str]


@dataclass
class Played:
    """One turn played in one mode."""

    turn: Turn
    asked: str
    answer: Answer
    rewritten: bool
    same: bool = False
    cited_source: bool | None = None
    extra: dict = field(default_factory=dict)


class CondensingExtractive:
    """The extractive answerer with a chat model behind it for rewriting follow-ups only."""

    def __init__(self, model) -> None:
        self.inner = ExtractiveAnswerer()
        self.name = self.inner.name
        self.chat_model = model

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        return self.inner.answer(retrieval, sources)

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        return self.inner.stream(retrieval, sources)


def load_dialogues(path: Path) -> list[list[Turn]]:
    dialogues = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        turns = []
        for i, t in enumerate(record["turns"]):
            if not isinstance(t.get("question"), str) or not isinstance(t.get("follow_up"), bool):
                raise SystemExit(f"{path}:{line_no}: turn {i + 1} needs question and follow_up")
            turns.append(Turn(record["id"], i, t["question"], t["follow_up"],
                              t.get("standalone") or t["question"], list(t.get("sources", []))))
        dialogues.append(turns)
    return dialogues


def same_answer(a: Answer, b: Answer) -> bool:
    """Both abstain, or one's first quote is among the other's quotes (the extractive answer
    cites the same fact in the other language too, in either order)."""
    if a.abstained or b.abstained or not a.citations or not b.citations:
        return a.abstained == b.abstained and bool(a.citations) == bool(b.citations)
    quotes_a = [(c.file, c.start, c.end) for c in a.citations]
    quotes_b = [(c.file, c.start, c.end) for c in b.citations]
    return quotes_a[0] in quotes_b or quotes_b[0] in quotes_a


def play(assistant: Assistant, dialogue: list[Turn],
         ask: Callable[[Assistant, History, Turn], tuple[str, Answer]]) -> list[Played]:
    """Play a dialogue; `ask` returns (the question asked, the answer) for a turn."""
    history: History = []
    out = []
    for turn in dialogue:
        asked, answer = ask(assistant, history, turn)
        out.append(Played(turn, asked, answer, rewritten=asked.strip() != turn.question.strip()))
        history.append((turn.question, answer.text))
    return out


def as_typed(assistant: Assistant, history: History, turn: Turn) -> tuple[str, Answer]:
    return turn.question, assistant.ask(turn.question)


def joined(assistant: Assistant, history: History, turn: Turn) -> tuple[str, Answer]:
    asked = f"{history[-1][0]} {turn.question}" if history else turn.question
    return asked, assistant.ask(asked)


def resolved(assistant: Assistant, history: History, turn: Turn) -> tuple[str, Answer]:
    answer = assistant.chat(history, turn.question)
    return answer.standalone_question or turn.question, answer


def old_llm(assistant: Assistant, history: History, turn: Turn) -> tuple[str, Answer]:
    """The chat model rewrites every turn after the first with the previous prompt (no rule)."""
    asked = turn.question
    if history:
        lines = "\n".join(f"User: {u}\nAssistant: {a}" for u, a in history[-4:])
        prompt = OLD_CONDENSE.substitute(
            language=LANGUAGE_NAMES[detect_language(turn.question)], history=lines,
            question=turn.question)
        try:
            reply = assistant.answerer.chat_model.complete(prompt, max_tokens=96)
            reply = reply.strip().splitlines()
            asked = reply[0].strip() if reply and reply[0].strip() else turn.question
        except NewsragError:
            asked = f"{history[-1][0]} {turn.question}"
    return asked, assistant.ask(asked)


def score(played: list[Played], reference: dict[tuple[str, int], Answer]) -> None:
    for p in played:
        p.same = same_answer(p.answer, reference[(p.turn.dialogue, p.turn.index)])
        if p.turn.sources:
            cited = {c.file for c in p.answer.citations}
            p.cited_source = bool(cited & set(p.turn.sources))


def share(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)} = {sum(values) / len(values):.2f}" if values else "n/a"


def summary(mode: str, played: list[Played]) -> dict:
    later = [p for p in played if p.turn.index > 0]
    return {
        "mode": mode,
        "answered as standalone, all turns": share([p.same for p in played]),
        "follow-up turns": share([p.same for p in later if p.turn.follow_up]),
        "standalone turns after the first": share([p.same for p in later if not p.turn.follow_up]),
        "expected source cited": share([p.cited_source for p in played
                                        if p.cited_source is not None]),
        "follow-ups rewritten": share([p.rewritten for p in later if p.turn.follow_up]),
        "standalone turns left as typed": share([not p.rewritten for p in later
                                                 if not p.turn.follow_up]),
    }


def table(rows: list[dict]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


@contextmanager
def chat_model(args: argparse.Namespace) -> Iterator[object | None]:
    """An OpenAI-compatible chat model (SmolLM2-135M on llama.cpp with --smollm2), or None."""
    if not (args.smollm2 or args.llm_url):
        yield None
        return
    from rag.answer.llm import LLMSettings, OpenAIAnswerer
    from rag.wiring import openai_client

    with ExitStack() as stack:
        url = args.llm_url
        if args.smollm2:
            from llm_servers import llama_server

            url = stack.enter_context(llama_server())
        import os

        os.environ["OPENAI_BASE_URL"] = url
        os.environ.setdefault("OPENAI_API_KEY", "not-needed")
        client = openai_client(Settings(llm_timeout=120, llm_retries=0))
        yield OpenAIAnswerer(client, LLMSettings(args.model), server=url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--dialogues", required=True, type=Path)
    parser.add_argument("--index-dir", type=Path, help="default: a temporary folder")
    parser.add_argument("--copy-index", type=Path,
                        help="a prebuilt index to copy into --index-dir when it does not exist")
    parser.add_argument("--today", default="2025-12-04", help="what 'last week' is relative to")
    parser.add_argument("--smollm2", action="store_true",
                        help="also rewrite with SmolLM2-135M served by llama.cpp on 127.0.0.1")
    parser.add_argument("--llm-url", help="also rewrite with this OpenAI-compatible server")
    parser.add_argument("--model", default="smollm2", help="chat model name (default smollm2)")
    parser.add_argument("--gold", type=Path, action="append", default=[],
                        help="a gold file of questions written to stand alone: how many the "
                             "classifier takes for follow-ups (repeatable)")
    parser.add_argument("--no-previous-prompt", action="store_true",
                        help="with a chat model, skip the llm-old baseline")
    parser.add_argument("--out", type=Path, help="write every played turn here (JSONL)")
    args = parser.parse_args(argv)

    dialogues = load_dialogues(args.dialogues)
    with ExitStack() as stack:
        index_dir = args.index_dir or Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="newsrag-conversations-")))
        if args.copy_index and not index_dir.exists():
            shutil.copytree(args.copy_index, index_dir)
        today = dt.date.fromisoformat(args.today)
        settings = Settings(index_dir=str(index_dir), llm="extractive")
        offline = Assistant(settings=settings, today=today)
        started = time.monotonic()
        print(offline.ingest(args.corpus).summary(), file=sys.stderr)
        print(f"ingest/check: {time.monotonic() - started:.1f} s", file=sys.stderr)

        turns = [t for d in dialogues for t in d]
        reference = {(t.dialogue, t.index): offline.ask(t.standalone) for t in turns}
        modes: dict[str, list[Played]] = {}
        for name, ask in (("as typed", as_typed), ("joined (before)", joined),
                          ("resolved (offline)", resolved)):
            modes[name] = [p for d in dialogues for p in play(offline, d, ask)]
        model = stack.enter_context(chat_model(args))
        if model is not None:
            with_model = Assistant(settings=settings, today=today, embedder=offline.embedder,
                                   answerer=CondensingExtractive(model), store=offline.store)
            llm_modes = [("llm, previous prompt", old_llm), ("llm (new)", resolved)]
            for name, ask in llm_modes[1:] if args.no_previous_prompt else llm_modes:
                started = time.monotonic()
                modes[name] = [p for d in dialogues for p in play(with_model, d, ask)]
                print(f"{name}: {time.monotonic() - started:.0f} s", file=sys.stderr)

    rows = []
    for name, played in modes.items():
        score(played, reference)
        rows.append(summary(name, played))
    kinds = [resolve_turn([(t.question, "") for t in d[:turn.index]], turn.question, today).kind
             for d in dialogues for turn in d if turn.index > 0]
    gold = [turn.follow_up for d in dialogues for turn in d if turn.index > 0]
    agree = [(kind != "standalone") == truth for kind, truth in zip(kinds, gold)]
    reference_cited = [bool({c.file for c in reference[(t.dialogue, t.index)].citations}
                            & set(t.sources)) for t in turns if t.sources]
    print(f"\n{args.dialogues.name}: {len(dialogues)} dialogues, {len(turns)} turns "
          f"({sum(gold)} follow-ups, {len(gold) - sum(gold)} standalone turns after the first)")
    print(f"classifier agrees with the gold follow-up flag: {share(agree)}")
    print(f"expected standalone questions asked alone cite an expected source: "
          f"{share(reference_cited)}")
    for gold in args.gold:
        questions = [json.loads(line)["question"] for line in gold.read_text("utf-8").splitlines()
                     if line.strip()]
        taken = [q for q in questions if classify(q) != "standalone"]
        print(f"{gold.name}: questions taken for follow-ups: {len(taken)} of {len(questions)}"
              + "".join(f"\n  {q}" for q in taken))
    print()
    print(table(rows))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            for name, played in modes.items():
                for p in played:
                    out.write(json.dumps({
                        "mode": name, "id": p.turn.dialogue, "turn": p.turn.index + 1,
                        "question": p.turn.question, "follow_up": p.turn.follow_up,
                        "asked": p.asked, "expected": p.turn.standalone, "same": p.same,
                        "cited_source": p.cited_source,
                        "answer": p.answer.text[:300],
                        "cited": [c.file for c in p.answer.citations],
                    }, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
