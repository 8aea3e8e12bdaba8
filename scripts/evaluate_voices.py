"""Voice attribution against labelled paragraphs: accuracy, per-voice precision/recall/F1, confusion matrix.

Usage: python scripts/evaluate_voices.py DATA.jsonl [DATA.jsonl ...] [--actors FILE] [--errors FILE]

DATA: JSONL, one article per line, with `paragraphs: [{text, voice, ...}]` (data/README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import article, voices
from analysis.errors import FramingError


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate, print the report; user errors print one line and return 2."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", type=Path, help="labelled JSONL file(s)")
    parser.add_argument("--actors", type=Path, help="a TOML actor lexicon extending the packaged one")
    parser.add_argument("--errors", type=Path, help="write the misattributed paragraphs here as CSV")
    args = parser.parse_args(argv)
    try:
        lexicon = voices.load_lexicon(args.actors)
        articles, errors = article.read_articles(args.data)
        for err in errors:
            print(f"evaluate_voices: error: {err}", file=sys.stderr)
        if not articles:
            return 2
        result = voices.evaluate_voices(articles, lexicon)
    except FramingError as exc:
        print(f"evaluate_voices: error: {exc}", file=sys.stderr)
        return 2
    print(result.text)
    if args.errors:
        wrong = result.predictions[result.predictions["gold"] != result.predictions["voice"]]
        wrong.to_csv(args.errors, index=False)
        print(f"wrote {len(wrong)} misattributed paragraphs to {args.errors}", file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
