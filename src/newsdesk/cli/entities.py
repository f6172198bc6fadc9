"""``newsdesk entities fold``: fold bare surnames into the full names that dominate them."""

from __future__ import annotations

import argparse
from typing import Any

from newsdesk.cli._common import add_command, migrate


def register(commands: Any) -> None:
    parser = add_command(
        commands, "entities", "Maintain the named entities: fold bare surnames into full names."
    )
    sub = parser.add_subparsers(dest="entities_command", metavar="ACTION", required=True)
    fold = sub.add_parser(
        "fold",
        help="Move the links of bare surnames ('Obama') to the full name that dominates them.",
        description="Each bare person surname stored before its full name was known "
        "('Obama' before 'Barack Obama') joins the full name that now names at least 75% of "
        "that surname's articles, in 3 or more. Its links move, its page redirects to the full "
        "name, and surnames no full name dominates stay apart. Enrichment does this for the "
        "surnames each batch touches; this command does it for every stored entity, and is "
        "safe to run again. It also files a name the recogniser gave two kinds under its main "
        "one ('White House' the place joins the organisation when the organisation has twice "
        "its articles, 3 or more), and a one-word organisation that is a dominant surname "
        "('the Biden administration') under that person, other names of one country or body "
        "('US', 'America') under one, companies without their legal form ('Facebook Inc'), and a "
        "one-word 'person' that no full name has as a word and that its articles write after "
        "'the', 'a', 'on', 'at' or 'via' ('on Twitter', 'the Pfizer vaccine') as an "
        "organisation (a place when the name is stored as one more often), as it does one "
        "named like a followed source ('Politico').",
    )
    fold.add_argument(
        "surnames", nargs="*", metavar="SURNAME", help="only these surnames (default: all)"
    )
    fold.set_defaults(handler=run_fold)


def run_fold(args: argparse.Namespace) -> int:
    from newsdesk.store.actions.entities import do_fold_kinds, do_fold_surnames, do_fold_things

    migrate()
    surnames = [" ".join(s.lower().split()) for s in args.surnames] or None
    folds = do_fold_surnames(surnames)
    things = do_fold_things(surnames)
    kinds = do_fold_kinds(surnames)
    for fold in [
        *folds,
        *things,
        *kinds,
    ]:  # plain print: a name may hold "[", which rich reads as markup
        print(f"{fold.gone} -> {fold.kept}: {fold.links} article links moved")
    moved = sum(f.links for f in [*folds, *things, *kinds])
    print(
        f"{len(folds)} surnames, {len(things)} one-word people that are things and "
        f"{len(kinds)} other names folded (kinds, aliases, legal forms), "
        f"{moved} article links moved."
    )
    return 0
