"""The `newsrag` command: parse, make one API call, print. Errors are one line and exit non-zero."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Sequence

from .config import LLM_CHOICES, Settings
from .errors import NewsragError, shown
from .types import MODES, Answer

if TYPE_CHECKING:
    from .assistant import Assistant

EXIT_ERROR = 1
EXIT_SKIPPED = 3  # ingest finished, but some files could not be indexed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsrag", description="Cited answers over dated Vietnamese and English news articles."
    )
    parser.add_argument("--config", help="TOML settings file (default: ./newsrag.toml if present)")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="index a folder of .txt/.md articles (incremental)")
    ingest.add_argument("corpus_dir", nargs="?", help="folder of articles (default data/articles)")
    ingest.add_argument("--index-dir", help="where the index lives (default index_store/)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    evaluate = commands.add_parser("eval", help="score answers against a gold Q&A file")
    evaluate.add_argument("--corpus", default=None, help="folder of articles (default data/articles)")
    evaluate.add_argument("--gold", required=True, help="gold questions, JSONL")
    evaluate.add_argument("--index-dir", help="where the index lives (default index_store/)")
    evaluate.add_argument("--out", help="output folder (default eval_runs/<timestamp>/)")
    evaluate.add_argument("--compare", help="configurations to compare: retriever=dense,bm25,hybrid")
    evaluate.add_argument("--limit", type=int, help="only the first N questions")
    evaluate.add_argument(
        "--counterfactual", nargs="?", const="gold", choices=("gold", "question"),
        help="also ask the answerable questions over the corpus without their answers (cited "
             "dated files dropped, undated paragraphs' answer sentences cut): one corpus for the "
             "whole gold set (gold, the default) or one per question")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")

    ask = commands.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--index-dir", help="where the index lives (default index_store/)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--top-k", type=int, help="chunks to retrieve (default 5)")
    ask.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    ask.add_argument("--until", help="only articles published on or before YYYY-MM-DD")
    ask.add_argument("--lang", choices=("vi", "en"), help="only articles in this language")
    ask.add_argument("--retriever", choices=MODES, default="hybrid", help=argparse.SUPPRESS)

    chat = commands.add_parser("chat", help="a conversation in the terminal (follow-ups understood)")
    chat.add_argument("--index-dir", help="where the index lives (default index_store/)")
    chat.add_argument("--json", action="store_true", help="print one JSON object per answer")

    for command in (ask, chat, evaluate):
        command.add_argument("--llm", choices=LLM_CHOICES,
                             help="answerer (default auto: an LLM when OPENAI_* is set)")
        command.add_argument("--model", help="chat model name (default $NEWSRAG_LLM_MODEL)")

    train = commands.add_parser("train", help="fit the answer confidence (from the shipped "
                                "feature table, or --generate it from the gold sets first)")
    train.add_argument("--table", default="data/confidence_train.jsonl",
                       help="the feature table (default data/confidence_train.jsonl)")
    train.add_argument("--generate", action="store_true",
                       help="first regenerate the table by asking every gold question of the "
                            "sample, the dev news and XQuAD dev, and its counterfactual (long)")
    train.add_argument("--shared", default="../shared", help="where corpus/ and benchmarks/ are")
    train.add_argument("--work", default="bench_runs/train",
                       help="index folders for --generate (default bench_runs/train)")
    train.add_argument("--sets", help="only these sets for --generate (comma-separated names)")
    train.add_argument("--limit", type=int, help="--generate: only the first N questions per set")
    train.add_argument("--model-out", help="where to write the model (default: the package's)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")

    ui = commands.add_parser("ui", help="serve the chat UI (http://127.0.0.1:7860)")
    ui.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    ui.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    ui.add_argument("--index-dir", help="where the index lives (default index_store/)")
    ui.add_argument("--auth", help="user:password for a login page (or $NEWSRAG_UI_AUTH)")
    ui.add_argument("--allow-anonymous", action="store_true",
                    help="serve beyond 127.0.0.1 with no login (read-only; a warning is shown)")
    ui.add_argument("--read-only", action="store_true", help="no adding articles from the UI")

    users = commands.add_parser("users", help="the UI's users file (passwords stored hashed)")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user, or set a user's new password")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin (no prompt)")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    listing = actions.add_parser("list", help="list the users' names")
    for command in (ui, add, remove, listing):
        command.add_argument("--users-file", help="users who may log in to the UI "
                             "(default $NEWSRAG_UI_USERS_FILE)")
    for command in (ingest, ask, chat, evaluate, ui):
        command.add_argument("--chroma-url", help="a Chroma server, http://host:port "
                             "(default $NEWSRAG_CHROMA_URL; none: the index in --index-dir)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load(
            args.config,
            index_dir=getattr(args, "index_dir", None),
            chroma_url=getattr(args, "chroma_url", None),
            llm=getattr(args, "llm", None),
            llm_model=getattr(args, "model", None),
            ui_users_file=getattr(args, "users_file", None),
            ui_allow_anonymous=getattr(args, "allow_anonymous", None) or None,
            ui_read_only=getattr(args, "read_only", None) or None,
        )
        if args.command == "ingest":
            return _ingest(args, settings)
        if args.command == "eval":
            return _eval(args, settings)
        if args.command == "ui":
            return _ui(args, settings)
        if args.command == "train":
            return _train(args, settings)
        if args.command == "users":
            return _users(args, settings)
        if args.command == "chat":
            return _chat(settings, as_json=args.json)
        return _ask(args, settings)
    except NewsragError as exc:
        print(f"newsrag: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsrag: interrupted; the index stays usable, run ingest again to finish",
              file=sys.stderr)
        return 130


_WARNINGS_SHOWN = 50  # a huge export with bad rows names the first ones, then counts the rest


def _assistant(settings: Settings) -> "Assistant":
    """The Assistant, imported here so that `--help` and a bad command line load none of it."""
    from .assistant import Assistant

    return Assistant(settings=settings)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    report = assistant.ingest(args.corpus_dir or settings.corpus_dir, progress=not args.quiet)
    for file, reason in report.skipped[:_WARNINGS_SHOWN]:
        print(f"newsrag: warning: {shown(file)}: {reason}", file=sys.stderr)
    if len(report.skipped) > _WARNINGS_SHOWN:
        print(f"newsrag: warning: and {len(report.skipped) - _WARNINGS_SHOWN} more skipped"
              " (the same kinds of reasons)", file=sys.stderr)
    if report.undated:
        named = ", ".join(shown(f) for f in report.undated[:3])
        more = f" and {len(report.undated) - 3} more" if len(report.undated) > 3 else ""
        print(f"newsrag: note: {len(report.undated)} article(s) have no date and are indexed as "
              f"undated: {named}{more}", file=sys.stderr)
    print(report.summary())
    calibration = assistant.calibration()
    print(calibration.describe())
    for warning in calibration.warnings():
        print(f"newsrag: warning: {warning}", file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate.gold import load_gold
    from .evaluate.run import evaluate, parse_compare

    load_gold(args.gold)  # a malformed gold file or option stops everything before any work
    parse_compare(args.compare)
    run = evaluate(
        _assistant(settings), args.corpus or settings.corpus_dir, args.gold,
        out_dir=args.out, compare=args.compare, limit=args.limit, progress=not args.quiet,
        counterfactual=args.counterfactual,
    )
    print(run.report)
    print(f"written to {run.out_dir}/ (results.jsonl, metrics.json, report.md)")
    return 0


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import replace
    from pathlib import Path

    from .evaluate.train import default_model_path, figures_markdown, fit_table, generate_table

    table = Path(args.table)
    if args.generate:
        sets = set(args.sets.split(",")) if args.sets else None

        def assistant(index_dir: Path) -> "Assistant":
            made = _assistant(replace(settings, index_dir=str(index_dir)))
            made.confidence_model = None  # label the answerer's own answers, unscored
            return made

        rows = generate_table(assistant, Path(args.work), table, args.shared, sets, args.limit,
                              progress=not args.quiet)
        print(f"{len(rows)} rows written to {table}")
    model, figures = fit_table(table)
    out = Path(args.model_out) if args.model_out else default_model_path()
    out.write_text(model.to_json(), encoding="utf-8")
    print(figures_markdown(figures))
    print(f"model written to {out} (training data sha256 {model.data_sha256[:12]}...)")
    return 0


def _ui(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from ui.serving import ServingPolicy  # no gradio: ui.app loads it, below

    policy = ServingPolicy.decide(settings, args.host,
                                  args.auth or os.environ.get("NEWSRAG_UI_AUTH") or None)
    if policy.warning:
        print(f"newsrag: warning: {policy.warning}", file=sys.stderr, flush=True)
    from ui.app import serve  # gradio loads only for this command

    serve(_assistant(settings), policy=policy, port=args.port)
    return 0


def _users(args: argparse.Namespace, settings: Settings) -> int:
    from ui import users

    path = settings.ui_users_file
    if not path:
        raise NewsragError("no users file: pass --users-file FILE (or set ui_users_file)")
    if args.action == "list":
        print("\n".join(users.read_users(path)))
    elif args.action == "remove":
        users.remove_user(path, args.name)
        print(f"removed {args.name} from {path}")
    else:
        users.check_name(args.name)
        new = users.add_user(path, args.name, _new_password(args.password_stdin))
        print(f"{'added' if new else 'set a new password for'} {args.name} in {path}")
    return 0


def _new_password(from_stdin: bool) -> str:
    """The password from stdin's first line, or typed twice at a prompt that does not echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass("password: ")
    if getpass.getpass("again: ") != password:
        raise NewsragError("the two passwords differ")
    return password


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.top_k is not None and args.top_k < 1:
        raise NewsragError("--top-k must be at least 1")
    assistant = _assistant(settings)
    query = assistant.query(args.question, top_k=args.top_k, since=args.since, until=args.until,
                            lang=args.lang, mode=args.retriever)
    if args.json:
        answer = assistant.ask(query)
        _warn(answer)
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
    _print_streamed(assistant.ask_stream(query), assistant.answerer.name)
    return 0


def _chat(settings: Settings, as_json: bool = False) -> int:
    """A terminal conversation: each line is a question, follow-ups refer to earlier turns; a
    follow-up's standalone rewrite is shown as one dim line above its answer."""
    assistant = _assistant(settings)
    history: list[tuple[str, str]] = []
    if not as_json:
        print("newsrag chat: ask about the indexed articles; an empty line or Ctrl-D quits.")
    while True:
        try:
            message = input("" if as_json else "\n> ").strip()
        except EOFError:
            break
        if not message:
            break
        answer = assistant.chat(history, message)
        _warn(answer)
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            if answer.standalone_question:
                print(_dim(f"↳ {answer.standalone_question}"))
            print(format_answer(answer))
        history.append((message, answer.text))
    return 0


def _dim(line: str) -> str:
    """Faint text on a terminal, plain text in a pipe."""
    return f"\x1b[2m{line}\x1b[0m" if sys.stdout.isatty() else line


def _print_streamed(stream, answerer: str) -> None:
    """Print text as it arrives; then the cited answer (markers renumbered) and its sources, or
    the extractive answer when the model's could not be given."""
    streamed = []
    for item in stream:
        if isinstance(item, str):
            streamed.append(item)
            print(item, end="", flush=True)
            continue
        _warn(item)
        if item.text.strip() != "".join(streamed).strip():
            heading = ("With verified citations:" if item.backend == answerer
                       else "Answered from the articles instead:")
            print(f"\n\n{heading}\n{item.text}", end="")
        if item.series:
            print("\n\n" + "\n".join(series_lines(item)), end="")
        print("\n\n" + "\n".join(source_lines(item)) if item.citations else "")


def _warn(answer: Answer) -> None:
    for warning in answer.warnings:
        print(f"newsrag: warning: {warning}", file=sys.stderr)


def format_answer(answer: Answer) -> str:
    """The answer, then its sources as `[n] file (date): "quote"`."""
    lines = [answer.text]
    if answer.series:
        lines += ["", *series_lines(answer)]
    if answer.citations:
        lines += ["", *source_lines(answer)]
    return "\n".join(lines)


def series_lines(answer: Answer) -> list[str]:
    """A value asked for on several days, as a small table: day, value as cited, source."""
    width = max(len(p.text or "-") for p in answer.series)
    return [f"{'date':<10}  {'value':<{width}}  source"] + [
        f"{p.date:<10}  {p.text or '-':<{width}}  " + (f"[{p.citation}]" if p.citation else
                                                      "no report")
        for p in answer.series]


def source_lines(answer: Answer) -> list[str]:
    """`[n] file (date): "quote"`, flagged when the quote does not support its sentence."""
    return [f'[{c.n}] {c.file} ({c.date or "undated"}): "{c.quote}"'
            + (" (does not support the sentence citing it)" if c.supported is False else "")
            for c in answer.citations]


if __name__ == "__main__":
    sys.exit(main())
