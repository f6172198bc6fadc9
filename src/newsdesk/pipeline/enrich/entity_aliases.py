"""Well-known other names of the same place or body: "US", "America" and "United States".

A recogniser sees a text at a time, so "the US" in one article and "the United States" in
another become two entities, and so do "Britain" and "the UK", unless the names are known
to be one. The table holds countries, international bodies and US states whose short,
colloquial, official or AP-style forms all run in English-language news; each form maps to
one name and one kind, whatever label the model gave it (the small model tags "US" as an
organisation now and then). It is a gazetteer, not a list of spellings seen in one data
set: every entry is a common English name of the entity. Forms are matched after
:func:`~newsdesk.pipeline.enrich.entities.clean_surface` (so "the U.S." is already "US").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alias:
    name: str
    kind: str


#: canonical name -> (kind, other names).
_TABLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "United States": (
        "place",
        ("US", "USA", "America", "United States of America"),
    ),
    "United Kingdom": ("place", ("UK", "Britain", "Great Britain")),
    "United Arab Emirates": ("place", ("UAE",)),
    "Russia": ("place", ("Russian Federation",)),
    "China": ("place", ("People's Republic of China", "PRC", "Mainland China")),
    "North Korea": ("place", ("DPRK", "Democratic People's Republic of Korea")),
    "South Korea": ("place", ("Republic of Korea",)),
    "Czech Republic": ("place", ("Czechia",)),
    "Ivory Coast": ("place", ("Côte d'Ivoire", "Cote d'Ivoire")),
    "Myanmar": ("place", ("Burma",)),
    "Turkey": ("place", ("Türkiye", "Turkiye")),
    "Democratic Republic of the Congo": ("place", ("DRC", "DR Congo")),
    "Washington, D.C.": (
        "place",
        ("Washington DC", "Washington D.C", "DC", "District of Columbia"),
    ),
    # US states by their AP-style abbreviations ("Calif.", "N.Y."), which US newsrooms write
    # after a city name. Those that are also common words or names are left out (Del.,
    # Ill., Ind., La., Me., Miss., Mo., Ore., Wash.; "Penn" is also a university).
    **{
        state: ("place", forms)
        for state, forms in {
            "Alabama": ("Ala",),
            "Arizona": ("Ariz",),
            "Arkansas": ("Ark",),
            "California": ("Calif",),
            "Colorado": ("Colo",),
            "Connecticut": ("Conn",),
            "Florida": ("Fla",),
            "Georgia": ("Ga",),
            "Kansas": ("Kan", "Kans"),
            "Kentucky": ("Ky",),
            "Maryland": ("Md",),
            "Massachusetts": ("Mass",),
            "Michigan": ("Mich",),
            "Minnesota": ("Minn",),
            "Montana": ("Mont",),
            "Nebraska": ("Neb", "Nebr"),
            "Nevada": ("Nev",),
            "New Hampshire": ("NH",),
            "New Jersey": ("NJ",),
            "New Mexico": ("NM",),
            "New York": ("NY",),
            "North Carolina": ("NC",),
            "North Dakota": ("ND",),
            "Oklahoma": ("Okla",),
            "Pennsylvania": ("Pa",),
            "Rhode Island": ("RI",),
            "South Carolina": ("SC",),
            "South Dakota": ("SD",),
            "Tennessee": ("Tenn",),
            "Texas": ("Tex",),
            "Vermont": ("Vt",),
            "Virginia": ("Va",),
            "West Virginia": ("W.Va", "W. Va"),
            "Wisconsin": ("Wis", "Wisc"),
            "Wyoming": ("Wyo",),
        }.items()
    },
    "European Union": ("organization", ("EU",)),
    "United Nations": ("organization", ("UN",)),
    "NATO": ("organization", ("North Atlantic Treaty Organization", "Nato")),
    "World Health Organization": ("organization", ("WHO",)),
    "International Monetary Fund": ("organization", ("IMF",)),
}

#: Acronyms ("WHO", "UN") match as written; other forms in any case ("NATO"/"Nato").
ALIASES: dict[str, Alias] = {
    form if form.isupper() else form.lower(): Alias(name, kind)
    for name, (kind, forms) in _TABLE.items()
    for form in (name, *forms)
}


def alias_of(form: str) -> Alias | None:
    """The canonical name and kind of ``form`` if it is a known name of a listed entity."""
    return ALIASES.get(form) if form.isupper() else ALIASES.get(form.lower())
