"""Score one build against several gold sets, overall and per set and language.

    python tests/eval/report.py GRAPH.ttl --scorer ../shared/eval/score.py \
        --set dev=../shared/eval/dev/gold --set own=tests/eval/gold [--show]

The build holds every article once; each subset is scored on the part of
the graph its own articles support (the statements derived from them and
the direct triples those statements reify), so a relation found only in a
dev article cannot count for our set, and the other way round. The
scoring itself is the shared scorer's, imported rather than copied.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from rdflib import RDF, Graph
from rdflib.namespace import PROV

from kg.vocab import SCHEMA


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subgraph(graph: Graph, article_ids: set[str], scorer: ModuleType) -> Graph:
    """The direct triples supported by these articles, and every node's names.

    Names of all nodes stay, so entity recall still sees an entity that has
    no relation; names alone never score a relation.
    """
    articles = {a for a, name in graph.subject_objects(SCHEMA.identifier) if str(name) in article_ids}
    part = Graph()
    for statement in graph.subjects(RDF.type, RDF.Statement):
        if graph.value(statement, PROV.wasDerivedFrom) not in articles:
            continue
        triple = (graph.value(statement, RDF.subject), graph.value(statement, RDF.predicate),
                  graph.value(statement, RDF.object))
        part.add(triple)
    for predicate in scorer.NAME_PREDICATES + scorer.SAME_AS:
        for node, value in graph.subject_objects(predicate):
            part.add((node, predicate, value))
    return part


def gold_files(folder: Path) -> dict[str, list[Path]]:
    """Gold files of a folder by language (in a fixed order: en, fr, …)."""
    by_language: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.json")):
        language = json.loads(path.read_text(encoding="utf-8")).get("language", "?")
        by_language.setdefault(language, []).append(path)
    return dict(sorted(by_language.items()))


def gold_names(paths: list[Path]) -> dict[str, str]:
    """A readable name for each gold entity key: its first name."""
    names: dict[str, str] = {}
    for path in paths:
        for key, entity in json.loads(path.read_text(encoding="utf-8"))["entities"].items():
            names.setdefault(key, entity["names"][0])
    return names


def readable_miss(missed: tuple, names: dict[str, str]) -> str:
    subjects, relation, objects = missed
    def side(keys):
        return " / ".join(names.get(k, k) for k in keys)
    return f"{side(subjects)} —{relation}→ {side(objects)}"


def readable_fp(false_positive: tuple) -> str:
    subject, relation, obj = false_positive
    return f"{subject} —{relation}→ {obj}"


def article_names(paths: list[Path]) -> set[str]:
    return {json.loads(p.read_text(encoding="utf-8"))["article"] for p in paths}


def line(name: str, result: dict) -> str:
    return (f"{name:14} F1 {result['f1']:.3f}  P {result['precision']:.3f}  R {result['recall']:.3f}"
            f"  (tp {result['tp']}, fp {result['fp']}, gold {result['gold']})"
            f"  entity recall {result['entity_recall']:.3f}")


def relation_table(result: dict) -> list[str]:
    rows = [f"  {'relation':24} {'gold':>5} {'found':>6} {'fp':>4} {'P':>6} {'R':>6}   (found: gold relations found)"]
    for relation, counts in result["per_relation"].items():
        found, fp, gold = counts["found"], counts["fp"], counts["gold"]
        precision = found / (found + fp) if found + fp else 0.0
        recall = found / gold if gold else 0.0
        rows.append(f"  {relation:24} {gold:5} {found:6} {fp:4} {precision:6.2f} {recall:6.2f}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--scorer", type=Path, required=True, help="the shared score.py")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=GOLD_DIR",
                        help="a named gold folder; repeat for each set")
    parser.add_argument("--show", action="store_true", help="list misses and false positives per set")
    args = parser.parse_args(argv)

    scorer = load_scorer(args.scorer)
    graph = Graph()
    graph.parse(args.graph, format="turtle")

    sets = {}
    for spec in args.sets:
        name, _, folder = spec.partition("=")
        sets[name] = gold_files(Path(folder))

    every = [p for by_language in sets.values() for paths in by_language.values() for p in paths]
    # Each line pools its own gold files, so a fact two articles share counts once:
    # per-language counts need not add up to a set's.
    print(line("all", scorer.score(graph, scorer.Gold(every))))
    languages = sorted({lang for by_language in sets.values() for lang in by_language})
    for lang in languages:
        paths = [p for by_language in sets.values() for p in by_language.get(lang, [])]
        print(line(f"all/{lang}", scorer.score(subgraph(graph, article_names(paths), scorer),
                                               scorer.Gold(paths))))
    for name, by_language in sets.items():
        paths = [p for ps in by_language.values() for p in ps]
        result = scorer.score(subgraph(graph, article_names(paths), scorer), scorer.Gold(paths))
        print()
        print(line(name, result))
        for lang, lang_paths in by_language.items():
            part = subgraph(graph, article_names(lang_paths), scorer)
            print(line(f"{name}/{lang}", scorer.score(part, scorer.Gold(lang_paths))))
        print("\n".join(relation_table(result)))
        if args.show:
            names = gold_names(paths)
            for missed in result["missed"]:
                print(f"  MISSED {readable_miss(missed, names)}")
            for false_positive in result["false_positives"]:
                print(f"  FP     {readable_fp(false_positive)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
