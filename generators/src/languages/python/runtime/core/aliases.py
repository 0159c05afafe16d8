# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Old names (the spec's ``x-bd-aliases``): functions and keywords of the packages users already have.

The generated code describes each old function with an :class:`AliasSpec` and
calls :func:`call_alias` with the caller's arguments and the new function. The
old signature is kept (positional order included); renamed arguments fill the new
function's parameters, mapped values are translated (an unknown one is a
validation error naming the old argument), ignored arguments are accepted
without effect, and effects are the runtime behaviours below. A deprecated alias
warns once per process (``DeprecationWarning``) naming the new call; an alias
that has the name of one of our own functions only warns when an old keyword is
used. The result is reshaped as the old function returned it.

=====================  =========================================================
effect                 what the runtime does with a true value (or the value itself)
=====================  =========================================================
credentials_from_file  BigQuery is called with the service-account key basedosdados
                       saved under ``~/.basedosdados/credentials/`` (``from_file=True``)
reauth                 a fresh credential is fetched first (``reauth=True``)
bqstorage              rows are read through the BigQuery Storage API when it can serve them
compression            ``"GZIP"`` writes gzip (``compression=``)
split_table            ``"dataset.table"`` fills ``dataset_id`` and ``table_id``
=====================  =========================================================
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from .errors import ErrorKindSpec, InvalidParam, create_error

__all__ = ["AliasParam", "AliasSpec", "call_alias", "legacy_page", "reset_warnings"]

Effect: TypeAlias = Literal["credentials_from_file", "reauth", "bqstorage", "compression", "split_table"]
Returns: TypeAlias = Literal["same", "legacy_page", "all_items", "field", "pick"]

# The call option each effect becomes (the data runtime reads these keys; see data/calls.py).
_EFFECT_OPTIONS = {"credentials_from_file": "from_file", "reauth": "reauth", "bqstorage": "bqstorage", "compression": "compression"}


@dataclass(frozen=True)
class AliasParam:
    """One argument of an old function, in its old positional order.

    Attributes
    ----------
    name : str
        The old argument's name (``query_project_id``).
    to : str or None
        The new function's parameter it fills (its Python name).
    values : tuple of (str, str) pairs
        Old value -> new value (``("basedosdados-dev", "dev")``); any other value
        is a validation error. Empty: the value passes unchanged.
    ignored : str or None
        Why the argument is accepted but has no effect.
    effect : str or None
        The runtime behaviour it turns on (see the module's table).
    default : object
        The old default, used when the caller leaves the argument out (None: not given).
    """

    name: str
    to: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    ignored: str | None = None
    effect: Effect | None = None
    default: object = None


@dataclass(frozen=True)
class AliasSpec:
    """One old function: its name, what it calls, its arguments, its result shape and its warning.

    Attributes
    ----------
    name : str
        The old name (``get_datasets``).
    target : str
        The new function it calls (``list_datasets``), named in the warning.
    origin : str
        The package users know it from (``basedosdados 2.x``).
    params : tuple of AliasParam
        The old arguments, in the old positional order.
    returns : {"same", "legacy_page", "all_items", "field", "pick"}
        The result shape (see :func:`call_alias`).
    field : str or None
        For ``returns="field"``: the field of the result returned.
    pick : tuple of str
        For ``returns="pick"``: the fields kept.
    pluck : str or None
        For ``returns="all_items"`` (and ``legacy_page`` items): keep this field of each item.
    message : str or None
        The deprecation message; default ``"<name> is deprecated; use <target>(...) instead"``.
    deprecated : bool
        False when ``name`` is one of our own functions: it then warns only when an old keyword is used.
    """

    name: str
    target: str
    origin: str = ""
    params: tuple[AliasParam, ...] = ()
    returns: Returns = "same"
    field: str | None = None
    pick: tuple[str, ...] = ()
    pluck: str | None = None
    message: str | None = None
    deprecated: bool = True


_warned: set[str] = set()
_warned_lock = threading.Lock()


def reset_warnings() -> None:
    """Forgets which deprecation warnings were given, so they are given again (for tests)."""
    with _warned_lock:
        _warned.clear()


def _warn_once(key: str, message: str, stacklevel: int) -> None:
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    # Attributed to the user's line (not ours), so Python's default filters show it in __main__.
    warnings.warn(message, DeprecationWarning, stacklevel=stacklevel + 1)


def _old_keywords_message(alias: AliasSpec, used: Sequence[str]) -> str:
    """What to write instead of each old keyword used: ``query_project_id= is from basedosdados 2.x; use environment=``."""
    by_name = {p.name: p for p in alias.params}
    advice = []
    for name in used:
        param = by_name[name]
        if param.ignored is not None:
            advice.append(f"{name}= has no effect ({param.ignored})")
        elif param.effect is not None:
            advice.append(f"{name}= still works ({param.effect.replace('_', ' ')})")
        else:
            values = ", ".join(f"{old!r} -> {new!r}" for old, new in param.values)
            advice.append(f"use {param.to}= instead of {name}=" + (f" ({values})" if values else ""))
    origin = alias.origin or "the old package"
    return f"{alias.name}(): {'; '.join(advice)} ({', '.join(f'{n}=' for n in used)} from {origin})"


def _invalid(errors: Sequence[ErrorKindSpec], alias: AliasSpec, name: str, reason: str) -> Exception:
    return create_error(
        errors,
        "validation",
        f"Invalid argument for {alias.name}: {name} {reason}",
        invalid_params=[InvalidParam(name=name, reason=reason, location="argument", label=name)],
        attempts=0,
    )


def _bound(alias: AliasSpec, args: Sequence[object], kwargs: Mapping[str, object], own: Sequence[str]) -> dict[str, object]:
    """The old arguments by name: positional ones in the old order, keywords by old name (or the target's own)."""
    if len(args) > len(alias.params):
        raise TypeError(f"{alias.name}() takes at most {len(alias.params)} positional arguments ({len(args)} given)")
    given: dict[str, object] = {alias.params[i].name: value for i, value in enumerate(args)}
    known = {p.name for p in alias.params} | set(own)
    for key, value in kwargs.items():
        if key not in known:
            raise TypeError(f"{alias.name}() got an unexpected keyword argument {key!r}")
        if key in given:
            raise TypeError(f"{alias.name}() got multiple values for argument {key!r}")
        given[key] = value
    return given


def _split_table(errors: Sequence[ErrorKindSpec], alias: AliasSpec, name: str, value: object) -> tuple[str, str]:
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 2 or not all(parts):
        raise _invalid(errors, alias, name, f'must be "dataset_id.table_id", got {value!r}')
    return parts[0], parts[1]


def translate(
    alias: AliasSpec, args: Sequence[object], kwargs: Mapping[str, object], errors: Sequence[ErrorKindSpec], own: Sequence[str] = (),
    stacklevel: int = 3,
) -> dict[str, object]:
    """The new function's keyword arguments for an old call (see :func:`call_alias`); warns as the alias says."""
    given = _bound(alias, args, kwargs, own)
    # Arguments the new function has under the same name are not old ones; renamed, mapped, ignored and effects are.
    old_keywords_used = [
        p.name for p in alias.params if p.name in given and (p.to != p.name or p.values or p.ignored or p.effect)
    ]
    if alias.deprecated:
        origin = alias.origin or "the old package"
        _warn_once(alias.name, alias.message or f"{alias.name} ({origin}) is deprecated; use {alias.target}(...) instead", stacklevel)
    elif old_keywords_used:
        joined = ", ".join(old_keywords_used)
        _warn_once(f"{alias.name}:{joined}", alias.message or _old_keywords_message(alias, old_keywords_used), stacklevel)
    out: dict[str, object] = {key: value for key, value in given.items() if key in own and key not in {p.name for p in alias.params}}
    for param in alias.params:
        value = given.get(param.name, param.default)
        if value is None or param.ignored is not None:
            continue
        if param.values:
            mapping = dict(param.values)
            if not isinstance(value, str) or value not in mapping:
                choices = ", ".join(repr(v) for v in mapping)
                raise _invalid(errors, alias, param.name, f"must be one of {choices}, got {value!r}")
            value = mapping[value]
        if param.effect == "split_table":
            out["dataset_id"], out["table_id"] = _split_table(errors, alias, param.name, value)
            continue
        if param.effect is not None:
            out[_EFFECT_OPTIONS[param.effect]] = value
            continue
        if param.to is not None and out.get(param.to) is None:
            out[param.to] = value  # two old names for one parameter: the first one given wins
    return out


def legacy_page(page: Any, pluck: str | None = None) -> dict[str, Any]:
    """The old package's page dict: ``items``, ``page``, ``page_size`` and ``page_total`` (rounded up, not floored)."""
    items = list(page.items)
    count, size = getattr(page, "count", None), getattr(page, "page_size", None)
    total = page.page_total if page.page_total is not None else (math.ceil(count / size) if count is not None and size else None)
    return {
        "items": [item[pluck] for item in items] if pluck else items,
        "page": page.page,
        "page_size": size,
        "page_total": total,
    }


def call_alias(
    alias: AliasSpec,
    target: Callable[..., Any],
    args: Sequence[object],
    kwargs: Mapping[str, object],
    errors: Sequence[ErrorKindSpec],
    own: Sequence[str] = (),
) -> Any:
    """Calls ``target`` for an old call of ``alias`` and returns the result in the old shape.

    Parameters
    ----------
    alias : AliasSpec
        The old function.
    target : callable
        The new function, called with keyword arguments.
    args, kwargs
        The caller's arguments, as the old function took them.
    errors : sequence of ErrorKindSpec
        The spec's error table (for validation errors).
    own : sequence of str
        The target's own keyword names, accepted as they are (when the old name is one of ours).

    Returns
    -------
    Any
        ``same``: the target's result; ``legacy_page``: :func:`legacy_page`;
        ``all_items``: every item of every page (``pluck``: one field of each);
        ``field``: ``result[field]``; ``pick``: those fields of the result.

    Raises
    ------
    TypeError
        For arguments the old function did not take.
    BaseDosDadosException
        Of kind ``validation`` for a mapped value the old function did not know, before any request.
    """
    # One frame more than translate's own callers: the user called the generated alias, which called this.
    result = target(**translate(alias, args, kwargs, errors, own, stacklevel=4))
    if alias.returns == "legacy_page":
        return legacy_page(result, alias.pluck)
    if alias.returns == "all_items":
        return [item[alias.pluck] for item in result] if alias.pluck else list(result)
    if alias.returns == "field":
        return result[alias.field] if alias.field is not None else result
    if alias.returns == "pick":
        return {name: result[name] for name in alias.pick if name in result}
    return result
