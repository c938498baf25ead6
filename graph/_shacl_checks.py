"""SHACL shapes compiled to set-based SPARQL: a few SELECTs per shape over all its focus nodes.

Each :class:`Check` is a query whose rows are results (``?this``, and ``?value`` when the result
has one) with what a result needs from the shapes graph (shape, path, messages, severity). The
value constraints of one shape share a query (one flag column per constraint), so do its counts
(sh:minCount and sh:maxCount, the two qualified counts): the store is walked once per path.
SHACL-SPARQL constraints are their SELECT joined with the focus nodes.
"""

import re
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF

from graph._shacl_compile import ANNOTATIONS, TARGETS, Compiler, UnsupportedShapes, instance, single_value, sparql_path
from graph._shacl_hash import hash_joined, hashed_targets, triple_select
from graph.ns import SH

SKIPPED = {SH.path, SH.deactivated, SH.property, SH.sparql, SH.qualifiedMinCount, SH.qualifiedMaxCount,
           SH.qualifiedValueShapesDisjoint}
PAIRS = {SH.disjoint: "true", SH.lessThan: "!COALESCE(?value < ?_o, false)",
         SH.lessThanOrEquals: "!COALESCE(?value <= ?_o, false)"}
SELECT = re.compile(r"\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\s*\{(.*)\}\s*$", re.S | re.I)


@dataclass(frozen=True)
class Check:
    """One query of one shape. ``flags``: (component, boolean column) pairs, a result per true
    column; empty: every row is a result of ``component``. ``value``: where sh:value comes from
    (``"value"``: the ?value column, ``"this"``: the focus node, None: no value)."""

    shape: rdflib.term.Node
    component: rdflib.URIRef | None
    query: str
    path: rdflib.term.Node | None
    messages: tuple[rdflib.Literal, ...]
    severity: rdflib.URIRef
    value: str | None
    flags: tuple[tuple[rdflib.URIRef, str], ...] = ()
    constraint: rdflib.term.Node | None = None  # the sh:sparql node of a SPARQL constraint


def component_of(predicate: rdflib.URIRef) -> rdflib.URIRef:
    """sh:minCount → sh:MinCountConstraintComponent, and so on."""
    name = predicate.split("#")[-1]
    return SH[name[:1].upper() + name[1:] + "ConstraintComponent"]


class ShapeCompiler(Compiler):
    """Compiles every shape that has a target (with its property shapes) into checks."""

    def checks(self) -> tuple[Check, ...]:
        roots = sorted({s for t in TARGETS for s in self.g.subjects(t, None)}, key=str)
        return tuple(c for shape in roots for c in self.shape_checks(shape, self.targets(shape)))

    def targets(self, shape) -> str:
        """A group binding ?this to each focus node of ``shape``."""
        groups = [instance("?this", c) for c in self.g.objects(shape, SH.targetClass)]
        groups += [f"?this {p.n3()} []" for p in self.g.objects(shape, SH.targetSubjectsOf)]
        groups += [f"[] {p.n3()} ?this" for p in self.g.objects(shape, SH.targetObjectsOf)]
        groups += [f"VALUES ?this {{ {n.n3()} }}" for n in self.g.objects(shape, SH.targetNode)]
        union = " UNION ".join(f"{{ {g} }}" for g in groups)
        if len(groups) == 1 and self.g.value(shape, SH.targetClass) is not None:
            return union  # a repeated focus node only repeats rows: results are a set, counts DISTINCT
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def shape_checks(self, shape, targets: str) -> list[Check]:
        if self.g.value(shape, SH.deactivated) == rdflib.Literal(True):
            return []
        messages = tuple(sorted(self.g.objects(shape, SH.message)))
        severity = self.g.value(shape, SH.severity) or SH.Violation
        path = self.g.value(shape, SH.path)
        checks: list[Check] = []
        for prop in sorted(self.g.objects(shape, SH.property)):
            checks += self.shape_checks(prop, targets)
        for constraint in sorted(self.g.objects(shape, SH.sparql)):
            checks.append(self.sparql_check(shape, constraint, targets, messages, severity, path))
        constraints = sorted((p, o) for p, o in self.g.predicate_objects(shape)
                             if p not in ANNOTATIONS and p not in SKIPPED)
        if self.g.value(shape, SH.qualifiedValueShape) is None and not constraints:
            return checks
        if not messages:  # pySHACL would write its generic messages
            raise UnsupportedShapes(f"{shape} has a constraint but no sh:message")

        def make(component, query, value=None, flags=()):
            return Check(shape, component, query, path, messages, severity, value, flags)

        return checks + self.constraint_checks(shape, constraints, targets, path, make)

    def constraint_checks(self, shape, constraints, targets: str, path, make) -> list[Check]:
        """The checks of the Core constraints of one shape."""
        targets = hashed_targets(targets)
        values = self.path_values(path) if path is not None else "BIND (?this AS ?value)"
        value_of = "value" if path is not None else "this"
        checks, flags, counts = [], [], {}
        for predicate, value in constraints:
            if predicate in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang) and path is None:
                raise UnsupportedShapes(f"{shape}: {predicate} needs a property shape")
            if predicate in (SH.minCount, SH.maxCount):
                counts[predicate] = int(value)
            elif predicate in PAIRS:
                other = "?value" if predicate == SH.disjoint else "?_o"
                checks.append(make(component_of(predicate), f"SELECT ?this ?value WHERE {{ {targets} {values} "
                                   f"{triple_select('?this', value.n3(), other)} FILTER ({PAIRS[predicate]}) }}",
                                   "value"))
            elif predicate == SH.uniqueLang:
                if value == rdflib.Literal(True):
                    checks.append(make(component_of(predicate), self._unique_lang(targets, path)))
            elif predicate == SH.qualifiedValueShape:
                checks += self._qualified(shape, value, targets, path, make)
            elif (members := self.value_members(shape, predicate, value, "?value")) is not None:
                checks.append(make(component_of(predicate), f"SELECT ?this ?value WHERE {{ {targets} {values} "
                                   f"MINUS {members} }}", value_of))  # Oxigraph: a hash anti-join, fast
            else:
                flags.append((component_of(predicate), f"!{self.value_ok(shape, predicate, value, '?value')}"))
        if flags:
            checks.append(make(None, self._flagged(f"?this ?value WHERE {{ {targets} {values}", flags), value_of,
                               tuple((c, f"?_f{i}") for i, (c, _) in enumerate(flags))))
        if counts:
            bounds = {SH.MinCountConstraintComponent: counts.get(SH.minCount),
                      SH.MaxCountConstraintComponent: counts.get(SH.maxCount)}
            checks += self._counts(targets, self.path_values(path), "", bounds, make)
        return checks

    def path_values(self, path) -> str:
        """``?this path ?value`` as hash-joined sub-SELECTs, one per step of a sequence of IRIs."""
        steps = list(Collection(self.g, path)) if self.g.value(path, RDF.first) is not None else [path]
        if not all(isinstance(step, rdflib.URIRef) for step in steps):
            return triple_select("?this", sparql_path(self.g, path), "?value")
        nodes = ["?this", *(self.var() for _ in steps[1:]), "?value"]
        return " ".join(triple_select(a, step.n3(), b) for a, step, b in zip(nodes, steps, nodes[1:]))

    @staticmethod
    def _flagged(head: str, flags: list[tuple[rdflib.URIRef, str]]) -> str:
        """``SELECT head`` with one boolean column per (component, violation test); rows where any is true."""
        binds = " ".join(f"BIND ({test} AS ?_f{i})" for i, (_, test) in enumerate(flags))
        columns = " ".join(f"?_f{i}" for i in range(len(flags)))
        anyone = " || ".join(f"?_f{i}" for i in range(len(flags)))
        return f"SELECT {columns} {head} {binds} FILTER ({anyone}) }}"

    def _counts(self, targets: str, values: str, condition: str, bounds: dict, make) -> list[Check]:
        """Focus nodes with fewer or more values (meeting ``condition``) than the bounds allow."""
        (low_component, low), (high_component, high) = bounds.items()
        low = low or None
        values = f"{values} {condition}"
        if high is None and low == 1:  # the common sh:minCount 1 alone: an anti-join
            return [make(low_component, f"SELECT ?this WHERE {{ {targets} MINUS {{ {values} }} }}")]
        counts = f"{{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {targets} {values} }} GROUP BY ?this }}"
        if low is None:
            query = f"SELECT ?this WHERE {{ {counts} FILTER (?n > {high}) }}"
            return [] if high is None else [make(high_component, query)]
        tests = [(low_component, f"COALESCE(?n, 0) < {low}")]
        tests += [(high_component, f"?n > {high}")] if high is not None else []
        return [make(None, self._flagged(f"?this WHERE {{ {targets} OPTIONAL {counts}", tests), None,
                     tuple((c, f"?_f{i}") for i, (c, _) in enumerate(tests)))]

    def _unique_lang(self, targets: str, path) -> str:
        same = ("isLiteral(?value) && isLiteral(?_o) && LANG(?value) != \"\" && !sameTerm(?value, ?_o) "
                "&& LCASE(LANG(?value)) = LCASE(LANG(?_o))")
        values = f"?this {sparql_path(self.g, path)} ?value, ?_o"
        return f"SELECT DISTINCT ?this WHERE {{ {targets} {values} FILTER ({same}) }}"

    def _qualified(self, shape, qualified, targets: str, path, make) -> list[Check]:
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) == rdflib.Literal(True):
            raise UnsupportedShapes(f"{shape}: sh:qualifiedValueShapesDisjoint")
        members = self.members(qualified, "?value")  # as a sub-SELECT: hash-joined with the values
        condition = (f"{{ SELECT DISTINCT ?value WHERE {{ {members} }} }}" if members
                     else f"FILTER ({self.conforms(qualified, '?value')})")
        bounds = {SH.QualifiedMinCountConstraintComponent: self._int(shape, SH.qualifiedMinCount),
                  SH.QualifiedMaxCountConstraintComponent: self._int(shape, SH.qualifiedMaxCount)}
        return self._counts(targets, self.path_values(path), condition, bounds, make)

    def _int(self, shape, predicate) -> int | None:
        value = self.g.value(shape, predicate)
        return None if value is None else int(value)

    # -- SHACL-SPARQL constraints ---------------------------------------------------------------

    def sparql_check(self, shape, constraint, targets: str, messages, severity, path) -> Check:
        """``$this`` pre-bound to each focus node is the SELECT joined with the focus nodes, the
        target group first (so FILTER, OPTIONAL and NOT EXISTS see ?this bound)."""
        if path is not None:
            raise UnsupportedShapes(f"{shape}: SPARQL constraints of property shapes")
        match = SELECT.match(str(single_value(self.g, constraint, SH.select)))
        if match is None or re.search(r"\$(PATH|currentShape|shapesGraph)\b|\bSELECT\b", match.group(2), re.I):
            raise UnsupportedShapes(f"{shape}: a SELECT this compiler cannot rewrite")
        projection = match.group(1).split()
        if not projection or not all(re.fullmatch(r"[?$]\w+", v) for v in projection):
            raise UnsupportedShapes(f"{shape}: the SELECT projects expressions")
        variables = " ".join(dict.fromkeys(["?this", *("?" + v[1:] for v in projection)]))
        body = re.sub(r"\$this\b", "?this", match.group(2))
        if (joined := hash_joined(body)) is not None:
            body, targets = joined, hashed_targets(targets)
        query = f"{self.prefixes(constraint)}SELECT {variables} WHERE {{ {targets} {body} }}"
        own = tuple(sorted(self.g.objects(constraint, SH.message)))
        return Check(shape, SH.SPARQLConstraintComponent, query, None, messages + own, severity, "value",
                     constraint=constraint)

    def prefixes(self, constraint) -> str:
        lines = set()
        for holder in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(holder, SH.declare):
                prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
                lines.add(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(sorted(lines))


def compile_shapes(shapes: rdflib.Graph) -> tuple[Check, ...]:
    """The checks of ``shapes``; UnsupportedShapes if a shape uses what the compiler lacks."""
    return ShapeCompiler(shapes).checks()
