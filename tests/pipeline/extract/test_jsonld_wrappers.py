"""JSON-LD wrapped in HTML comments or CDATA sections is still read."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.extract.document import parse_html
from newsdesk.pipeline.extract.jsonld import jsonld_objects

JSON = '{"@type": "NewsArticle", "headline": "Rain in Spain"}'


@pytest.mark.parametrize(
    "wrapped",
    [
        JSON,
        f"<!-- {JSON} -->",
        f"<![CDATA[{JSON}]]>",
        f"//<![CDATA[\n{JSON}\n//]]>",
        f"// <![CDATA[\n{JSON}\n//   ]]>",
        f"\n  <!--\n{JSON}\n-->  \n",
    ],
)
def test_wrapped_json_ld_is_read(wrapped: str) -> None:
    page = f'<html><head><script type="application/ld+json">{wrapped}</script></head></html>'
    assert [obj.get("headline") for obj in jsonld_objects(parse_html(page))] == ["Rain in Spain"]


def test_scripts_of_other_types_are_not_read() -> None:
    page = (
        f"<html><head><script>{JSON}</script><script type='text/json'>{JSON}</script></head></html>"
    )
    assert jsonld_objects(parse_html(page)) == []
