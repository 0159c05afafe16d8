"""Pages: the envelope, page_total rounded up, and walking every page exactly once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pytest
from basedosdados_sdk._runtime.pagination import Page
from basedosdados_sdk._spec import OPERATIONS, PAGINATION

OP = OPERATIONS["listDatasets"]


class FakeCatalogue:
    """Serves ``count`` numbered items in pages, as the spec's envelope says."""

    def __init__(self, count: int, *, report_total: bool = True, echo_page: bool = True, floor_total: bool = False) -> None:
        self.count = count
        self.report_total = report_total
        self.echo_page = echo_page
        self.floor_total = floor_total
        self.calls: list[dict[str, object]] = []

    def fetch(self, args: Mapping[str, object]) -> dict[str, Any]:
        self.calls.append(dict(args))
        page = int(args.get("page") or 1)  # type: ignore[call-overload]
        size = int(args.get("page_size") or 10)  # type: ignore[call-overload]
        start = (page - 1) * size
        body: dict[str, Any] = {
            "items": list(range(start, min(start + size, self.count))),
            "page": page if self.echo_page else 1,
            "page_size": size,
            "count": self.count,
        }
        if self.report_total:
            body["page_total"] = self.count // size if self.floor_total else math.ceil(self.count / size)
        return body

    def first(self, **args: object) -> Page[int, dict[str, Any]]:
        return Page(self.fetch(args), args, op=OP, pagination=PAGINATION, fetch_page=self.fetch)


@pytest.mark.parametrize(("count", "page_size", "pages"), [(0, 10, 1), (1, 10, 1), (10, 10, 1), (25, 10, 3), (100, 7, 15)])
def test_every_item_once_in_order(count: int, page_size: int, pages: int) -> None:
    catalogue = FakeCatalogue(count)
    first = catalogue.first(page=1, page_size=page_size)
    assert list(first) == list(range(count))
    assert len(catalogue.calls) == pages


def test_the_envelope_fields() -> None:
    first = FakeCatalogue(25).first(page=1, page_size=10)
    assert (first.page, first.page_size, first.count, first.page_total) == (1, 10, 25, 3)
    assert first.items == list(range(10))
    assert first.body["count"] == 25
    assert repr(first) == "<Page 1 of 3: 10 of 25 items from listDatasets>"


def test_page_total_is_count_over_page_size_rounded_up_when_the_server_omits_it() -> None:
    first = FakeCatalogue(25, report_total=False).first(page=1, page_size=10)
    assert first.page_total == 3
    assert len(list(first)) == 25


def test_a_floored_page_total_does_not_lose_the_last_partial_page() -> None:
    catalogue = FakeCatalogue(25, floor_total=True)
    first = catalogue.first(page=1, page_size=10)
    assert first.body["page_total"] == 2
    assert first.page_total == 3
    assert list(first) == list(range(25))


def test_iterating_from_a_later_page_starts_there() -> None:
    catalogue = FakeCatalogue(25)
    assert list(catalogue.first(page=2, page_size=10)) == list(range(10, 25))


def test_a_server_that_ignores_the_page_number_cannot_make_the_walk_loop() -> None:
    catalogue = FakeCatalogue(30, echo_page=False)
    assert len(list(catalogue.first(page=1, page_size=10))) == 30
    assert [c["page"] for c in catalogue.calls] == [1, 2, 3]


def test_iter_pages_next_page_and_the_last_page() -> None:
    first = FakeCatalogue(15).first(page=1, page_size=10)
    pages = list(first.iter_pages())
    assert [(p.page, len(p.items)) for p in pages] == [(1, 10), (2, 5)]
    assert first.has_next_page() and not pages[-1].has_next_page()
    assert first.next_page_args() == {"page": 2, "page_size": 10}
    with pytest.raises(IndexError, match="page 2 is the last page"):
        pages[-1].next_page()


def test_an_empty_page_ends_the_walk_even_without_a_total() -> None:
    catalogue = FakeCatalogue(0, report_total=False)
    assert list(catalogue.first(page=1)) == []
    assert len(catalogue.calls) == 1


def test_a_body_without_items_is_not_a_page() -> None:
    with pytest.raises(TypeError, match='no "items" list'):
        Page({"results": []}, {}, op=OP, pagination=PAGINATION, fetch_page=lambda _: {})


def test_a_page_reads_like_a_list_of_its_own_items_without_fetching() -> None:
    catalogue = FakeCatalogue(25)
    first = catalogue.first(page=1, page_size=10)
    assert len(first) == 10
    assert (first[0], first[-1], first[2:5]) == (0, 9, [2, 3, 4])
    assert 3 in first and 15 not in first and bool(first)
    with pytest.raises(IndexError):
        first[10]
    assert len(catalogue.calls) == 1  # none of that fetched a page
    assert list(first) == list(range(25))  # iterating still walks every page, as documented


def test_a_page_reads_like_the_old_packages_dict() -> None:
    catalogue = FakeCatalogue(25, floor_total=True)
    first = catalogue.first(page=1, page_size=10)
    assert first["items"] == list(range(10))
    assert (first["page"], first["page_size"], first["count"]) == (1, 10, 25)
    assert first["page_total"] == 3  # rounded up, where the old package floored it (2)
    assert first.get("nope", "default") == "default"
    assert first.keys()[:4] == ["items", "page", "page_size", "page_total"]
    assert "page_total" in first and "count" in first
    with pytest.raises(KeyError):
        first["nope"]  # type: ignore[index]
    assert len(catalogue.calls) == 1


def test_an_empty_page_is_falsy_and_has_no_length() -> None:
    first = FakeCatalogue(0).first(page=1, page_size=10)
    assert len(first) == 0 and not first and first[:] == []
