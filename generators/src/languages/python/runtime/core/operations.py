# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The records the generated ``_spec`` module describes each operation with.

An :class:`OperationSpec` holds what a call needs: its parameters
(:class:`~.params.ParamSpec`), its request body, its response kind, how its
pages look (``pagination``, a :class:`PageShape`) and, for a function of the spec's
``x-bd-graphql``, the GraphQL document it is sent as (:class:`GraphqlSpec`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from .params import ParamSpec

__all__ = [
    "BodySpec",
    "ConnectionSpec",
    "GraphqlSpec",
    "LocaleSpec",
    "MediaSpec",
    "OperationSpec",
    "PageShape",
    "SchemeUse",
]

HttpMethod: TypeAlias = Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
BodyKind: TypeAlias = Literal["json", "form", "multipart", "binary", "text"]
ResponseKind: TypeAlias = Literal["json", "binary", "text", "empty"]
PathStep: TypeAlias = str | int
"""A key of an object or an index of a list, in a path through a GraphQL answer."""


@dataclass(frozen=True)
class MediaSpec:
    """One media type a request body may be sent as.

    Attributes
    ----------
    type : str
        The media type as the spec declares it (``application/json``, ``text/csv``).
    kind : {"json", "form", "multipart", "binary", "text"}
        How the runtime encodes the body for it.
    """

    type: str
    kind: BodyKind


@dataclass(frozen=True)
class BodySpec:
    """An operation's request body.

    Attributes
    ----------
    required : bool
        Whether the call fails without a body.
    label : str
        The Python name of the body argument (``body``), quoted in errors.
    media : tuple of MediaSpec
        The declared media types; the first is the default, a call may pick
        another with ``content_type``.
    """

    required: bool
    label: str
    media: tuple[MediaSpec, ...]


@dataclass(frozen=True)
class PageShape:
    """Where a list operation's page keeps its items and its number of pages.

    Attributes
    ----------
    items : str
        The page's field holding its items (``items``; ``results`` for the backend's search).
    page_total : str or None
        The page's field holding the number of pages; None when pages do not carry
        it (then it is ``count / page_size`` rounded up).
    """

    items: str
    page_total: str | None


@dataclass(frozen=True)
class ConnectionSpec:
    """How a paged GraphQL function asks for one page of a relay connection.

    Attributes
    ----------
    first : str
        The variable given the page size.
    offset : str
        The variable given the offset of the page's first item, ``(page - 1) * page_size``.
    default_page_size : int
        The page size when the call gives none.
    """

    first: str
    offset: str
    default_page_size: int


@dataclass(frozen=True)
class LocaleSpec:
    """Which argument picks the language of translated fields (``name_pt``, ``name_en``...).

    Attributes
    ----------
    param : str
        The parameter (wire name) holding the locale.
    locales : tuple of str
        The locales; the first is the default and the fallback of a missing translation.
    """

    param: str
    locales: tuple[str, ...]


@dataclass(frozen=True)
class GraphqlSpec:
    """A catalogue function answered by a GraphQL API: the spec's ``x-bd-graphql``.

    Attributes
    ----------
    query : str
        The fixed document.
    operation_name : str
        The document's operation name.
    variables : tuple of (str, str)
        Each GraphQL variable and the parameter (wire name) whose value it takes.
    result : tuple of str or int
        Where the result is in the answer's ``data`` (a connection, for a paged function).
    exists : tuple of str or int, or None
        A count or list that must not be 0, null or empty, else the ids name nothing.
    connection : ConnectionSpec or None
        For a paged function: how a page is asked for.
    pluck : tuple of (str, tuple)
        Fields set from a path inside each result object.
    locale : LocaleSpec or None
        How translated fields are picked.
    """

    query: str
    operation_name: str
    variables: tuple[tuple[str, str], ...] = ()
    result: tuple[PathStep, ...] = ()
    exists: tuple[PathStep, ...] | None = None
    connection: ConnectionSpec | None = None
    pluck: tuple[tuple[str, tuple[PathStep, ...]], ...] = ()
    locale: LocaleSpec | None = None


@dataclass(frozen=True)
class SchemeUse:
    """One scheme of a security requirement (its name in ``components.securitySchemes``), with the OAuth2 scopes it asks for."""

    scheme: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OperationSpec:
    """One operation of the spec.

    Attributes
    ----------
    id : str
        The spec's ``operationId``, quoted in error messages.
    method : str
        The HTTP method.
    path : str
        The path template with ``{wire_name}`` placeholders (a GraphQL function's: the endpoint).
    params : tuple of ParamSpec
        Every path, query, header and cookie parameter (a GraphQL function's arguments).
    pagination : PageShape or None
        For a list operation, how its pages look; None for any other.
    body : BodySpec or None
        The request body, when the operation takes one.
    response : {"json", "binary", "text", "empty"}
        What the success body is returned as: parsed JSON, ``bytes``, ``str`` or None.
    graphql : GraphqlSpec or None
        Set for a function of ``x-bd-graphql``: sent as that document (:mod:`.graphql`),
        not as its path and parameters.
    security : tuple of tuple of SchemeUse
        The ways a call may authenticate (its own ``security``, else the spec's), in
        order: the first whose every scheme has credentials is sent (:mod:`.auth`).
        Empty: nothing is sent; an empty requirement among them: credentials are optional.
    """

    id: str
    method: HttpMethod
    path: str
    params: tuple[ParamSpec, ...]
    pagination: PageShape | None = None
    body: BodySpec | None = None
    response: ResponseKind = "json"
    graphql: GraphqlSpec | None = None
    security: tuple[tuple[SchemeUse, ...], ...] = ()

    @property
    def paginated(self) -> bool:
        """Whether the response is a page."""
        return self.pagination is not None
