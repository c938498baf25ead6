"""SHACL value constraints as SPARQL: the expression "this value satisfies the constraint",
and where possible the graph pattern of every node that does (``graph._shacl_checks`` builds
the queries from them).

Covers the Core components ``ontology/shapes.ttl`` uses, with pySHACL's conventions (datatype
well-formedness as rdflib's value check, languageIn as pySHACL matches tags); anything else
raises :class:`UnsupportedShapes` so the caller can fall back to another engine.
"""

import re
from itertools import count

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from graph.ns import SH

# "var is an instance of C (or of a subclass)": expanded per store by :func:`expand_classes`
# into ``var rdf:type`` of the known subclasses (Oxigraph walks ``rdf:type/rdfs:subClassOf*``
# several times slower than it joins a VALUES list).
INSTANCE = re.compile(r"⟦(\?\w+) a (<[^>]+>)⟧")
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
# Datatypes whose lexical form pySHACL checks (through rdflib's value); others only by name.
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date, XSD.time,
                     XSD.dateTime}
NODE_KINDS = {SH.IRI: "isIRI({0})", SH.BlankNode: "isBlank({0})", SH.Literal: "isLiteral({0})",
              SH.BlankNodeOrIRI: "!isLiteral({0})", SH.BlankNodeOrLiteral: "!isIRI({0})",
              SH.IRIOrLiteral: "!isBlank({0})"}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Shape predicates that are not constraints (or are read with the constraint they qualify).
ANNOTATIONS = {RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.flags,
               RDFS.label, RDFS.comment, *TARGETS}
FOCUS_LEVEL = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.disjoint, SH.lessThan,
               SH.lessThanOrEquals}


class UnsupportedShapes(ValueError):
    """The shapes use something this compiler does not cover."""


def instance(var: str, cls) -> str:
    """The marker of "``var`` is an instance of ``cls``" (see INSTANCE)."""
    if not isinstance(cls, rdflib.URIRef):
        raise UnsupportedShapes(f"sh:class {cls!r} is not an IRI")
    return f"⟦{var} a {cls.n3()}⟧"


def classes_of(checks) -> set[str]:
    """The classes (IRIs) the checks test membership of."""
    return {m.group(2)[1:-1] for c in checks for m in INSTANCE.finditer(c.query)}


def expand_classes(query: str, subclasses: dict[str, list[str]]) -> str:
    """``query`` with each instance marker as ``rdf:type`` of the class or one of its subclasses."""
    fresh = count()

    def pattern(match: re.Match) -> str:
        var, cls = match.group(1), match.group(2)[1:-1]
        names = sorted(set(subclasses.get(cls, ())) | {cls})
        if len(names) == 1:
            return f"{var} {RDF.type.n3()} <{cls}> ."
        values = " ".join(f"<{n}>" for n in names)
        name = f"?_class{next(fresh)}"
        return f"{var} {RDF.type.n3()} {name} . VALUES {name} {{ {values} }}"

    return INSTANCE.sub(pattern, query)


def sparql_path(g: rdflib.Graph, path: rdflib.term.Node) -> str:
    """A SHACL property path as SPARQL path syntax."""
    if isinstance(path, rdflib.URIRef):
        return path.n3()
    if g.value(path, RDF.first) is not None:
        return "(" + "/".join(sparql_path(g, p) for p in Collection(g, path)) + ")"
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(g, p) for p in Collection(g, alternatives)) + ")"
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = g.value(path, predicate)
        if inner is not None:
            return "(" + template.format(sparql_path(g, inner)) + ")"
    raise UnsupportedShapes(f"unsupported property path {path!r}")


def single_value(g: rdflib.Graph, shape, predicate) -> rdflib.term.Node:
    values = list(g.objects(shape, predicate))
    if len(values) != 1:
        raise UnsupportedShapes(f"{shape} has {len(values)} values of {predicate}")
    return values[0]


class Compiler:
    """Compiles the shapes of one shapes graph; :meth:`checks` is the result."""

    def __init__(self, shapes: rdflib.Graph):
        self.g = shapes
        self.fresh = count()

    def var(self) -> str:
        return f"?_v{next(self.fresh)}"

    # -- conformance of a value to a nested shape (sh:node, sh:or, qualified shapes) ----------

    def conforms(self, shape, var: str, depth: int = 0) -> str:
        """A SPARQL expression: the node in ``var`` conforms to ``shape``."""
        if depth > 8:
            raise UnsupportedShapes(f"shapes nested too deep at {shape}")
        parts = []
        for predicate, value in self.g.predicate_objects(shape):
            if predicate == SH.property:
                parts.append(self._property_conforms(value, var, depth))
            elif predicate not in ANNOTATIONS:
                parts.append(self.value_ok(shape, predicate, value, var, depth))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _property_conforms(self, prop, var: str, depth: int) -> str:
        path = sparql_path(self.g, single_value(self.g, prop, SH.path))
        parts = []
        for predicate, value in self.g.predicate_objects(prop):
            if predicate == SH.hasValue:
                parts.append(f"EXISTS {{ {var} {path} {value.n3()} }}")
            elif predicate not in {RDF.type, SH.path, SH.message, SH.name, SH.description}:
                raise UnsupportedShapes(f"nested property shape {prop} uses {predicate}")
        return " && ".join(parts) or "true"

    def _shapes_list(self, head) -> list:
        return list(Collection(self.g, head))

    # -- the same as graph patterns: Oxigraph runs MINUS (a hash anti-join) far faster than a
    #    FILTER (NOT) EXISTS per row, so constraints that enumerate their conforming nodes use it

    def members(self, shape, var: str, depth: int = 0) -> str | None:
        """A group pattern binding ``var`` to every node that conforms to ``shape``, or None."""
        parts = []
        for predicate, value in self.g.predicate_objects(shape):
            if predicate in ANNOTATIONS:
                continue
            part = self.value_members(shape, predicate, value, var, depth)
            if part is None:
                return None
            parts.append(part)
        return "{ " + " ".join(parts) + " }" if parts else None

    def value_members(self, shape, predicate, value, var: str, depth: int = 0) -> str | None:
        """A group pattern binding ``var`` to every node that satisfies one constraint, or None."""
        if depth > 8:
            return None
        if predicate == SH["class"]:
            return f"{{ {instance(var, value)} }}"
        if predicate == SH.node:
            return self.members(value, var, depth + 1)
        if predicate == SH.property and set(self.g.predicates(value)) <= {RDF.type, SH.path, SH.hasValue}:
            path = sparql_path(self.g, single_value(self.g, value, SH.path))
            return f"{{ {var} {path} {single_value(self.g, value, SH.hasValue).n3()} }}"
        if predicate == SH["or"]:
            groups = [self.members(s, var, depth + 1) for s in self._shapes_list(value)]
            return None if None in groups else "{ " + " UNION ".join(groups) + " }"
        return None

    def value_ok(self, shape, predicate, value, var: str, depth: int = 0) -> str:
        """A SPARQL expression: the value node in ``var`` satisfies one value-based constraint."""
        if predicate == SH["class"]:
            return f"EXISTS {{ {instance(var, value)} }}"
        if predicate == SH.datatype:
            return self._datatype_ok(value, var)
        if predicate == SH.nodeKind and value in NODE_KINDS:
            return NODE_KINDS[value].format(var)
        if predicate == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            args = f"{value.n3()}, {flags.n3()}" if flags is not None else value.n3()
            return f"(!isBlank({var}) && REGEX(STR({var}), {args}))"
        if predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            return f"(!isBlank({var}) && STRLEN(STR({var})) {op} {value.n3()})"
        if predicate in COMPARISONS:
            return f"COALESCE({var} {COMPARISONS[predicate]} {value.n3()}, false)"
        if predicate == SH["in"]:
            return "(" + " || ".join(f"sameTerm({var}, {m.n3()})" for m in Collection(self.g, value)) + ")"
        if predicate == SH.hasValue:
            return f"sameTerm({var}, {value.n3()})"
        if predicate == SH.languageIn:
            return self._language_ok(value, var)
        if predicate == SH.node:
            return self.conforms(value, var, depth + 1)
        if predicate in (SH["or"], SH["and"]):
            joiner = " || " if predicate == SH["or"] else " && "
            return "(" + joiner.join(self.conforms(s, var, depth + 1) for s in self._shapes_list(value)) + ")"
        if predicate == SH["not"]:
            return f"!{self.conforms(value, var, depth + 1)}"
        raise UnsupportedShapes(f"{shape}: unsupported constraint {predicate}")

    @staticmethod
    def _datatype_ok(datatype, var: str) -> str:
        if datatype == RDFS.Literal:
            return f"isLiteral({var})"
        test = f"(isLiteral({var}) && DATATYPE({var}) = {datatype.n3()}"
        if datatype in CHECKED_DATATYPES:  # ill-typed literals fail, as rdflib's value check makes them
            test += f" && COALESCE(sameTerm({datatype.n3()}({var}), {datatype.n3()}({var})), false)"
        return test + ")"

    def _language_ok(self, languages, var: str) -> str:
        tags = [str(t).lower() for t in Collection(self.g, languages)]
        if "*" in tags:
            return f"(isLiteral({var}) && LANG({var}) != \"\")"
        quoted = ", ".join(rdflib.Literal(t).n3() for t in tags)
        return (f"(isLiteral({var}) && LANG({var}) != \"\" && (LCASE(LANG({var})) IN ({quoted}) "
                f"|| LCASE(STRBEFORE(LANG({var}), \"-\")) IN ({quoted})))")
