"""Hand-written extraction records for the graph tests (texts written for this project)."""
from __future__ import annotations

from datetime import date

from graphkit.records import Article, Entity, Extraction, Interaction

CALL_TEXT = ("Secretary of Defense Lloyd Austin spoke by phone with Israeli Defense Minister "
             "Yoav Gallant on Monday. Austin later visited Jordan.")


def call_extraction(article_id: str = "hash-call-1", text: str = CALL_TEXT) -> Extraction:
    """Austin (US) spoke with Gallant (Israel); Austin visited Jordan; a planned visit to Egypt."""
    article = Article(id=article_id, name="austin-call.txt", text=text, title="Austin calls Gallant",
                      published=date(2024, 3, 5), source="Example Wire",
                      url="https://news.example.org/2024/austin-call", path="articles/austin-call.txt")
    entities = (
        Entity("Lloyd Austin", "Person", aliases=("Austin",), title="Secretary of Defense",
               affiliation="United States"),
        Entity("Yoav Gallant", "Person", aliases=("Gallant",), title="Defense Minister", affiliation="Israel"),
        Entity("United States", "Country", aliases=("US",), key="country:united-states"),
        Entity("Israel", "Country", key="country:israel"),
        Entity("Jordan", "Country", key="country:jordan"),
        Entity("Egypt", "Country", key="country:egypt"),
    )
    interactions = (
        Interaction("Lloyd Austin", "spokeWith", "Yoav Gallant", date="2024-03-04",
                    evidence=text[:103], start=0, end=103, confidence=0.9, trigger="spoke by phone"),
        Interaction("Lloyd Austin", "visited", "Jordan", evidence=text[104:], start=104, end=len(text),
                    confidence=0.8, trigger="visited"),
        Interaction("Lloyd Austin", "visited", "Egypt", status="planned", date="2024-03-20",
                    evidence="Austin plans to visit Egypt.", start=0, end=10, trigger="plans to visit"),
    )
    return Extraction(article, entities, interactions)


def summit_extraction() -> Extraction:
    """A three-way meeting of foreign ministers (one multilateral event) in another article."""
    text = "Foreign ministers Wang Yi, Enrique Manalo and Antony Blinken met in Vientiane on Saturday."
    article = Article(id="hash-summit-1", name="vientiane.txt", text=text, title="Talks in Vientiane",
                      published=date(2024, 7, 27), path="articles/vientiane.txt")
    entities = (
        Entity("Wang Yi", "Person", title="Foreign Minister", affiliation="China"),
        Entity("Enrique Manalo", "Person", title="Foreign Secretary", affiliation="Philippines"),
        Entity("Antony Blinken", "Person", title="Secretary of State", affiliation="United States"),
        Entity("China", "Country", key="country:china"),
        Entity("Philippines", "Country", key="country:philippines"),
    )
    common = dict(date="2024-07-27", evidence=text, start=0, end=len(text), trigger="met", group="g1")
    interactions = (
        Interaction("Wang Yi", "met", "Enrique Manalo", **common),
        Interaction("Wang Yi", "met", "Antony Blinken", **common),
        Interaction("Enrique Manalo", "met", "Antony Blinken", **common),
    )
    return Extraction(article, entities, interactions)


def austin_again(name: str, article_id: str, *, title: str | None = None, affiliation: str | None = None,
                 other: str = "Yoav Gallant") -> Extraction:
    """A second article in which Austin (under ``name``) meets someone."""
    text = f"{name} met {other} in Brussels."
    article = Article(id=article_id, name=f"{article_id}.txt", text=text, published=date(2024, 4, 1),
                      path=f"articles/{article_id}.txt")
    entities = (
        Entity(name, "Person", title=title, affiliation=affiliation),
        Entity(other, "Person", affiliation="Israel"),
        Entity("Israel", "Country", key="country:israel"),
    ) + ((Entity("United States", "Country", key="country:united-states"),) if affiliation == "United States" else ())
    interactions = (Interaction(name, "met", other, date="2024-04-01", evidence=text, end=len(text), trigger="met"),)
    return Extraction(article, entities, interactions)


def call_and_summit_graph():
    """An in-memory graph of call_extraction() and summit_extraction() (the workbench's
    fixture): yields it open, closes it after. Use as a pytest fixture body."""
    from graphkit.graph import KnowledgeGraph

    kg = KnowledgeGraph.open("memory")
    kg.add(call_extraction())
    kg.add(summit_extraction())
    yield kg
    kg.close()
