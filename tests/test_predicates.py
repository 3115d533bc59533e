"""The predicate table (graphkit/data/predicates.csv): its checks, and that every layer takes
its predicates from it, so a 16th predicate is one row (plus its trigger words)."""
from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import textwrap
from importlib.resources import files
from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.namespace import dip_namespace
from graphkit.nlp.lexicon import MEASURES, load_lexicon
from graphkit.predicates import TONES, load_predicates, predicate_table
from graphkit.records import DIRECTED_PREDICATES, PREDICATES, SYMMETRIC_PREDICATES
from graphkit.viz import TONE_COLORS, predicate_styles

PACKAGE_TABLE = files("graphkit.data").joinpath("predicates.csv").read_text(encoding="utf-8")
PACKAGE_LEXICON = files("graphkit.data").joinpath("lexicon.csv").read_text(encoding="utf-8")
# CAMEO 045 "Mediate"; the only new facts a 16th predicate needs.
NEW_ROW = "mediated,directed,Mediation,mediated between,cooperative,event,045,MEDIATE,\n"
NEW_TRIGGER = "mediate,VERB,between,mediated\n"


@pytest.fixture()
def sixteen(tmp_path: Path) -> tuple[Path, Path]:
    """A predicate table with one more row, and a lexicon with its trigger."""
    table = tmp_path / "predicates.csv"
    table.write_text(PACKAGE_TABLE + NEW_ROW, encoding="utf-8")
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text(PACKAGE_LEXICON + NEW_TRIGGER, encoding="utf-8")
    return table, lexicon


def test_the_package_table_has_the_fifteen_predicates_of_the_contract():
    table = predicate_table()
    assert table.symmetric == ("met", "spokeWith", "negotiatedWith", "agreedWith")
    assert len(table) == 15 and len(set(table.names)) == 15
    assert (PREDICATES, SYMMETRIC_PREDICATES, DIRECTED_PREDICATES) == (table.names, table.symmetric, table.directed)
    assert table["hosted"].implies == {"met", "visited-place", "guest-visited-host"}
    assert MEASURES == {"aided", "sanctioned"}
    assert set(TONE_COLORS) == set(TONES)
    assert predicate_table() is predicate_table()  # read once


def _table_with(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(PACKAGE_TABLE + row, encoding="utf-8")
    return path


@pytest.mark.parametrize(("row", "message"), [
    ("mediated,both,Mediation,m,cooperative,event,045,MEDIATE,", "direction must be symmetric or directed"),
    ("mediated,directed,Mediation,m,friendly,event,045,MEDIATE,", "tone must be cooperative, neutral, conflictual"),
    ("mediated,directed,Mediation,m,cooperative,deed,045,MEDIATE,", "kind must be event or measure"),
    ("Mediated,directed,Mediation,m,cooperative,event,045,MEDIATE,", "lowerCamelCase"),
    ("mediated,directed,mediation,m,cooperative,event,045,MEDIATE,", "UpperCamelCase"),
    ("mediated,directed,Mediation,m,cooperative,event,45a,MEDIATE,", "CAMEO code"),
    ("mediated,directed,Mediation,m,cooperative,event,045,Mediate,", "PLOVER category"),
    ("mediated,directed,Mediation,,cooperative,event,045,MEDIATE,", "non-empty label"),
    ("mediated,directed,Mediation,m,cooperative,event,045,MEDIATE,greeted", "not 'greeted'"),
    ("mediated,directed,Mediation,m,cooperative,event,045,MEDIATE,guest-visited-host", "needs visited-place"),
    ("met,directed,Mediation,m,cooperative,event,045,MEDIATE,", "'met' is already used on line"),
    ("mediated,directed,Meeting,m,cooperative,event,045,MEDIATE,", "'Meeting' is already used on line"),
    ("mediated,directed,Mediation,m,cooperative,event,045,MEDIATE", "expected 9 fields, found 8"),
])
def test_a_bad_row_is_reported_with_its_file_and_line(tmp_path, row, message):
    path = _table_with(tmp_path, row + "\n")
    line = len((PACKAGE_TABLE + row).splitlines())
    with pytest.raises(GraphkitError, match=f"^{re.escape(str(path))}:{line}: ") as caught:
        load_predicates(path)
    assert message in str(caught.value)


def test_an_implication_needs_the_predicate_it_implies(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text("predicate,direction,event_class,label,tone,kind,cameo,plover,implies\n"
                    "hosted,directed,Hosting,hosted,cooperative,event,043,CONSULT,met\n", encoding="utf-8")
    with pytest.raises(GraphkitError, match="hosted implies 'met', but there is no 'met' predicate"):
        load_predicates(path)


def test_layers_accept_a_sixteenth_predicate_from_a_table_given_to_them(sixteen):
    table_path, lexicon_path = sixteen
    table = load_predicates(table_path)
    assert table.names[-1] == "mediated" and table["mediated"].directed
    dip = dip_namespace(table)
    assert str(dip.mediated).endswith("#mediated") and str(dip.Mediation).endswith("#Mediation")
    assert predicate_styles(table)["mediated"] == {"name": "mediated", "label": "mediated between",
                                                   "tone": "cooperative", "directed": True}
    lexicon = load_lexicon(lexicon_path, predicates=table)
    assert [t.predicate for t in lexicon.frames("mediate", "VERB")] == ["mediated"]
    with pytest.raises(GraphkitError, match="unknown predicate 'mediated'"):
        load_lexicon(lexicon_path)  # the package table does not have it


def test_the_ontology_and_shapes_take_a_sixteenth_predicate_from_the_table(sixteen):
    # No .ttl file is edited: the property, the event class and the shapes come from the row.
    from rdflib import Literal, Namespace
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

    from graphkit.ontology import ontology_graph, shapes_graph
    from graphkit.rdf import DIP_IRI

    table = load_predicates(sixteen[0])
    dip = Namespace(DIP_IRI)
    onto = ontology_graph(table)
    assert (dip.mediated, RDF.type, OWL.ObjectProperty) in onto
    assert (dip.mediated, RDF.type, OWL.SymmetricProperty) not in onto
    assert onto.value(dip.mediated, RDFS.label) == Literal("mediated between", lang="en")
    assert onto.value(dip.mediated, SKOS.definition)  # made from the label: every term is defined
    assert (dip.Mediation, RDFS.subClassOf, dip.Interaction) in onto
    assert onto.value(dip.Mediation, RDFS.label) == Literal("mediation", lang="en")
    assert {str(n) for n in onto.objects(dip.Mediation, SKOS.notation)} == {"045", "MEDIATE"}
    assert (dip.mediated, RDF.type, OWL.ObjectProperty) not in ontology_graph()  # the package's table
    shapes = shapes_graph(table)
    allowed = [list(Collection(shapes, o)) for s in shapes.subjects(SH.path, dip.predicate)
               for o in shapes.objects(s, SH["in"])]
    assert allowed == [[dip[name] for name in table.names]]
    assert (None, SH.targetSubjectsOf, dip.mediated) in shapes
    assert (None, SH.targetObjectsOf, dip.mediated) in shapes


_END_TO_END = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import graphkit.predicates as predicates

    table = predicates.load_predicates(Path(sys.argv[1]))
    predicates.predicate_table = lambda: table  # as if the row were in the package's file

    from graphkit.graph import KnowledgeGraph
    from graphkit.namespace import DIP
    from graphkit.nlp.lexicon import load_lexicon
    from graphkit.projection import project
    from graphkit.rdf import EVENT_CLASSES
    from graphkit.records import DIRECTED_PREDICATES, PREDICATES, Article, Entity, Extraction, Interaction
    from graphkit.viz import MapOptions, map_data

    text = "Qatar mediated between Israel and Hamas."
    extraction = Extraction(Article(id="h", name="m.txt", text=text),
                            (Entity("Qatar", "Country"), Entity("Israel", "Country")),
                            (Interaction("Qatar", "mediated", "Israel", evidence=text, end=len(text)),))
    with KnowledgeGraph.open("memory") as kg:
        kg.add(extraction)
        event_types = kg.select("SELECT ?t WHERE { ?e dip:predicate dip:mediated ; a ?t }")
        direct = kg.select("SELECT ?a WHERE { ?a dip:mediated ?b }")
        page = map_data(project(kg, predicates=["mediated"]), options=MapOptions(color_by="community"))
        report = kg.validate()  # SHACL: the shapes must accept the new predicate
    lexicon = load_lexicon(Path(sys.argv[2]))
    print(json.dumps({
        "records": "mediated" in PREDICATES and "mediated" in DIRECTED_PREDICATES,
        "namespace": str(DIP.mediated), "event_class": EVENT_CLASSES["mediated"],
        "event_types": [row["t"] for row in event_types], "direct": len(direct),
        "map": page["predicates"], "edges": len(page["edges"]),
        "lexicon": [t.predicate for t in lexicon.frames("mediate", "VERB")],
        "conforms": report.conforms, "violations": report.violations,
    }))
""")


def test_a_sixteenth_predicate_is_one_row_in_the_table(sixteen):
    # A fresh interpreter whose package table has the extra row: nothing else is edited,
    # and the records, namespace, RDF writer, store, projection, map, lexicon and SHACL
    # validation (ontology and shapes) take it.
    table_path, lexicon_path = sixteen
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", _END_TO_END, str(table_path), str(lexicon_path)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["records"] is True
    assert found["namespace"] == "https://w3id.org/graphkit/diplomacy#mediated"
    assert found["event_class"] == "Mediation"
    assert found["event_types"] == ["https://w3id.org/graphkit/diplomacy#Mediation"]
    assert found["direct"] == 1 and found["edges"] == 1
    assert found["map"] == [{"name": "mediated", "label": "mediated between", "tone": "cooperative",
                             "directed": True}]
    assert found["lexicon"] == ["mediated"]
    assert (found["conforms"], found["violations"]) == (True, 0)
