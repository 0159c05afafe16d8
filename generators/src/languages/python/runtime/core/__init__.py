# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The hand-written runtime of the package: HTTP, retries, errors, paging, BigQuery.

The generated modules describe the spec (``_spec``) and delegate to this one;
nothing here knows the package's name, so every import is relative. It is
private: use what the package itself exports.
"""
