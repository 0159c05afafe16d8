# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Paged list operations.

A list function returns the :class:`Page` asked for (one request). Iterating the
page yields its items and then those of every later page, fetched one at a time
as the loop asks, each item exactly once. The page itself reads like a list of
its own items (``len(page)``, ``page[0]``, ``page[:3]``) and, for scripts of the
old package, like its dict (``page["items"]``, ``page["page_total"]``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar, overload

from .operations import OperationSpec

__all__ = ["Page", "PaginationSpec"]

ItemT = TypeVar("ItemT")
BodyT = TypeVar("BodyT")


@dataclass(frozen=True)
class PaginationSpec:
    """How list operations are paged: the spec's ``x-bd-pagination``.

    Attributes
    ----------
    page_param : str
        The query parameter (and envelope field) of the page number, starting at 1.
    page_size_param : str
        The query parameter (and envelope field) of the page size.
    items : str
        The envelope field holding the page's items (an operation's own
        :class:`~.operations.PageShape` may name another: the search's ``results``).
    page_total : str
        The envelope field holding the number of pages (an operation's page may have none).
    count : str
        The envelope field holding the number of items across all pages.
    """

    page_param: str
    page_size_param: str
    items: str
    page_total: str
    count: str


EnvelopeKey: TypeAlias = Literal["items", "page", "page_size", "page_total", "count"]
"""The envelope fields a page answers to by name, as the old package's dicts did."""

PageFetcher = Callable[[Mapping[str, object]], Any]
"""Fetches the response body of a list operation for the given arguments (keyed by wire name)."""


def _whole_number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Page(Generic[ItemT, BodyT]):
    """One page of a list operation, and the way to every later one.

    ``items``, ``page``, ``page_size``, ``count`` and ``page_total`` are the
    envelope's fields; ``body`` is the whole response (a search page also has
    ``aggregations``). ``for item in page`` walks this page's items and then every
    later page's; ``page.items`` is this page only, and so are ``len(page)``,
    ``page[i]`` and ``page[a:b]``. ``page["items"]``, ``page["page_total"]``... give
    the envelope's fields (``page_total`` rounded up), and any other key of the body.

    Attributes
    ----------
    items : list
        This page's items.
    page : int
        This page's number, starting at 1.
    page_size : int or None
        Items per page (None if the server did not say and none was asked for).
    count : int or None
        Items across all pages (None if the server did not say).
    page_total : int or None
        Number of pages: ``count / page_size`` rounded up (the server's value when it
        is larger or when it does not send ``count``).
    body : dict
        The whole response body.

    Examples
    --------
    >>> first = bd.list_datasets(q="populacao")   # doctest: +SKIP
    >>> first.count, first.page_total              # doctest: +SKIP
    >>> every = list(first)                        # doctest: +SKIP
    """

    def __init__(
        self,
        body: BodyT,
        args: Mapping[str, object],
        *,
        op: OperationSpec,
        pagination: PaginationSpec,
        fetch_page: PageFetcher,
    ) -> None:
        envelope: Mapping[str, object] = body if isinstance(body, Mapping) else {}
        shape = op.pagination
        self._items_field = shape.items if shape is not None else pagination.items
        self._total_field = shape.page_total if shape is not None else pagination.page_total
        items = envelope.get(self._items_field)
        if not isinstance(items, list):
            raise TypeError(f'{op.id}: the response has no "{self._items_field}" list, so it is not a page')
        self._op = op
        self._pagination = pagination
        self._fetch_page = fetch_page
        # Later pages are numbered from the page asked for, not the one the server
        # echoes, so a server that ignores the page parameter cannot make us loop.
        self._requested_page = _whole_number(args.get(pagination.page_param)) or 1
        self.args: dict[str, object] = dict(args)
        self.body: BodyT = body
        self.items: list[ItemT] = items
        self.page: int = _whole_number(envelope.get(pagination.page_param)) or self._requested_page
        self.page_size: int | None = _whole_number(envelope.get(pagination.page_size_param)) or _whole_number(
            args.get(pagination.page_size_param)
        )
        self.count: int | None = _whole_number(envelope.get(pagination.count))
        server_total = _whole_number(envelope.get(self._total_field)) if self._total_field is not None else None
        counted_total = math.ceil(self.count / self.page_size) if self.count is not None and self.page_size else None
        # A server that floors page_total (the old API did) would hide the last partial page:
        # when count and page_size say there are more pages, believe them.
        totals = [t for t in (server_total, counted_total) if t is not None]
        self.page_total: int | None = max(totals) if totals else None

    def __repr__(self) -> str:
        return (
            f"<Page {self.page} of {self.page_total if self.page_total is not None else '?'}: "
            f"{len(self.items)} of {self.count if self.count is not None else '?'} items from {self._op.id}>"
        )

    def __len__(self) -> int:
        """The number of items on this page."""
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @overload
    def __getitem__(self, key: int) -> ItemT: ...

    @overload
    def __getitem__(self, key: slice) -> list[ItemT]: ...

    @overload
    def __getitem__(self, key: EnvelopeKey) -> Any: ...

    def __getitem__(self, key: int | slice | str) -> Any:
        """This page's item ``key`` (an index or a slice), or the envelope's field ``key`` (a name)."""
        if isinstance(key, (int, slice)):
            return self.items[key]
        return self._field(key)

    def _field(self, key: str) -> Any:
        if key in (self._items_field, self._pagination.items):
            return self.items
        if key in (self._total_field, self._pagination.page_total):
            return self.page_total
        if key == self._pagination.page_param:
            return self.page
        if key == self._pagination.page_size_param:
            return self.page_size
        body = self.body if isinstance(self.body, Mapping) else {}
        if key in body:
            return body[key]
        raise KeyError(key)

    def __contains__(self, value: object) -> bool:
        """An envelope field name (``"items" in page``), else one of this page's items; never fetches a page."""
        return (isinstance(value, str) and value in self.keys()) or value in self.items

    def get(self, key: str, default: Any = None) -> Any:
        """The envelope's field ``key``, or ``default`` (like ``dict.get`` on the old package's pages)."""
        try:
            return self._field(key)
        except KeyError:
            return default

    def keys(self) -> list[str]:
        """The envelope's field names, as the old package's dict had them."""
        body = self.body if isinstance(self.body, Mapping) else {}
        fixed = [self._items_field, self._pagination.page_param, self._pagination.page_size_param, self._total_field or self._pagination.page_total]
        return fixed + [str(k) for k in body if k not in fixed]

    def has_next_page(self) -> bool:
        """Whether a later page has items: False on an empty page and on the last page."""
        if not self.items:
            return False
        return True if self.page_total is None else self._requested_page < self.page_total

    def next_page_args(self) -> dict[str, object] | None:
        """The arguments that fetch the next page, or None if there is none."""
        if not self.has_next_page():
            return None
        return {**self.args, self._pagination.page_param: self._requested_page + 1}

    def next_page(self) -> Page[ItemT, BodyT]:
        """Fetches the next page.

        Raises
        ------
        IndexError
            When this is the last page; check :meth:`has_next_page` first.
        """
        args = self.next_page_args()
        if args is None:
            raise IndexError(f"{self._op.id}: page {self.page} is the last page")
        body: BodyT = self._fetch_page(args)
        return Page(body, args, op=self._op, pagination=self._pagination, fetch_page=self._fetch_page)

    def iter_pages(self) -> Iterator[Page[ItemT, BodyT]]:
        """This page and every later one, each fetched when the loop asks for it."""
        page: Page[ItemT, BodyT] = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[ItemT]:
        """Every item of this page and of every later page, in order."""
        for page in self.iter_pages():
            yield from page.items
