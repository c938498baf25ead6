"""Queries written so that Oxigraph joins their triple patterns by hashing.

Oxigraph evaluates a basic graph pattern as nested loops: for each focus node, an index seek
per triple pattern. Over a chain walked from 40k focus nodes (evidence → target → selectors →
offsets and quote) that is some 300k random reads of the on-disk store, which dominated a
whole-store validation. Each triple pattern as its own sub-SELECT (projecting all its variables:
the same solutions) makes Oxigraph scan each predicate once and join the scans by hashing,
about 4x less CPU over such chains.

The core checks of ``graph._shacl_checks`` are written so (focus nodes, each path step, the
members of a qualified shape). SHACL-SPARQL constraint bodies are rewritten when made of triple
patterns (``;``/``,`` lists, property paths) and FILTER/BIND clauses without nested groups: the
clauses go after the patterns, which keeps the query's meaning (a group's filters apply to the
whole group; a BIND moves only if no pattern uses its variable). The results are the
constraint's own; ``tests/unit/test_shapes_engines.py`` checks them against pySHACL's.
"""

import re

TOKEN = re.compile(r"<[^<>\s]*>|\?\w+|\"[^\"]*\"|[;,.]|[^\s;,.<>\"]+(?:\.[^\s;,.<>\"]+)*")
TAIL = re.compile(r"\b(FILTER|BIND)\b", re.I)
TERM = re.compile(r"<[^<>\s]*>|\?\w+|[A-Za-z][\w-]*:[\w-]*|\"[^\"]*\"")
PATH = re.compile(r"\^?(?:<[^<>\s]*>|[A-Za-z][\w-]*:[\w-]*)(?:[/|]\^?(?:<[^<>\s]*>|[A-Za-z][\w-]*:[\w-]*))*[*+?]?|a")


def _triples(head: str) -> list[tuple[str, str, str]] | None:
    """The triple patterns of ``head`` (``s p o ; p o , o .`` lists), or None if it is anything else."""
    tokens = TOKEN.findall(head)
    if "".join(tokens) != "".join(head.split()):
        return None  # something the tokens do not cover: braces, keywords…
    triples, i = [], 0
    while i < len(tokens):
        subject, i = tokens[i], i + 1
        if not TERM.fullmatch(subject):
            return None
        while True:
            if i + 1 >= len(tokens) or not PATH.fullmatch(tokens[i]) or not TERM.fullmatch(tokens[i + 1]):
                return None
            predicate, i = tokens[i], i + 1
            while True:
                triples.append((subject, predicate, tokens[i]))
                i += 1
                if i < len(tokens) and tokens[i] == "," and i + 1 < len(tokens) and TERM.fullmatch(tokens[i + 1]):
                    i += 1
                    continue
                break
            if i < len(tokens) and tokens[i] == ";":
                i += 1
                continue
            break
        if i < len(tokens):
            if tokens[i] != ".":
                return None
            i += 1
    return triples


def triple_select(subject: str, path: str, obj: str) -> str:
    """One triple pattern as a sub-SELECT of its variables (the same solutions, joined by hashing)."""
    variables = " ".join(dict.fromkeys(t for t in (subject, obj) if t.startswith("?")))
    return f"{{ SELECT {variables} WHERE {{ {subject} {path} {obj} }} }}"


def hashed_targets(targets: str) -> str:
    """The focus-node group as a sub-SELECT, for the same reason."""
    return f"{{ SELECT ?this WHERE {{ {targets} }} }}"


def _clauses(body: str) -> tuple[str, list[str]] | None:
    """``body`` split into its triple patterns (text) and its FILTER/BIND clauses; None if a
    clause holds a group (EXISTS, a sub-SELECT)."""
    head, clauses, at = [], [], 0
    for keyword in TAIL.finditer(body):
        if keyword.start() < at:
            continue
        head.append(body[at:keyword.start()])
        depth, end = 0, None
        for i in range(keyword.end(), len(body)):
            depth += {"(": 1, ")": -1}.get(body[i], 0)
            if depth == 0 and body[i] == ")":
                end = i + 1
                break
        if end is None:
            return None
        clauses.append(body[keyword.start():end])
        at = end
    head.append(body[at:])
    if any(re.search(r"[{}]|\bEXISTS\b|\bSELECT\b", c, re.I) for c in clauses):
        return None
    return " ".join(head), clauses


def hash_joined(body: str) -> str | None:
    """``body`` with each triple pattern as its own sub-SELECT and its clauses after them; None
    when it is not triple patterns and FILTER/BIND clauses only. A BIND moves after the patterns
    only when they do not use its variable (its inputs are bound either way)."""
    split = _clauses(body)
    if split is None:
        return None
    head, clauses = split
    triples = _triples(head)
    if not triples or len(triples) < 2 or any(not (s.startswith("?") or o.startswith("?")) for s, _, o in triples):
        return None
    used = {t for triple in triples for t in triple}
    for clause in clauses:
        bound = re.search(r"\bAS\s+(\?\w+)\s*\)$", clause) if clause[:4].upper() == "BIND" else None
        if clause[:4].upper() == "BIND" and (bound is None or bound.group(1) in used):
            return None
    return " ".join(triple_select(*triple) for triple in triples) + " " + " ".join(clauses)
