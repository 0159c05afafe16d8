"""The measured side of bench/python-read-sql.mjs: one read in a process of its own.

Run by the driver with one of two interpreters: the project's .venv (our
generated basedosdados_sdk on PYTHONPATH, pandas 3) or the throwaway
bench/.venv-basedosdados (the PyPI ``basedosdados`` package, which pins
pandas < 3 through pandavro). It imports the contender, reads the query once,
measures it and prints one JSON line on stdout, nothing else there.

    python bench/python-read-sql.py ours|basedosdados|client '<json: {url, project, sql, page, types_sql?}>'

- ours:          basedosdados_sdk.read_sql(sql, billing_project_id=...), aimed at the
                 datalake by BASEDOSDADOS_BIGQUERY_ENDPOINT (set by the driver); it sends
                 maxResults = its page_size (default 10,000), so page_size=page is passed
                 only when the driver serves pages of another size.
- basedosdados:  basedosdados.read_sql(sql, billing_project_id=...), unmodified; the
                 driver aims it with environment only: BIGQUERY_EMULATOR_HOST (honoured
                 by the google.cloud.bigquery.Client that pandas-gbq builds) and HOME
                 pointing at a throwaway folder whose pydata-google-auth cache holds a
                 placeholder access token (see the driver for why).
- client:        google.cloud.bigquery.Client(project, AnonymousCredentials(),
                 client_options={"api_endpoint": url}).query(sql).to_dataframe(
                 create_bqstorage_client=False): the plain client, no wrapper.

With ``types_sql`` it then reads that query too (untimed) and reports its dtypes.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def max_rss_kib() -> int:
    """Peak resident memory of this process since it started, in KiB.

    On Linux, VmHWM of /proc/self/status: the high-water mark of this program's own
    memory. Not ru_maxrss, which Linux carries over from the parent through fork and
    exec: spawned by the driver, whose RSS grows as the datalake serves, it would
    report the driver's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def main() -> None:
    mode, raw = sys.argv[1], sys.argv[2]
    args = json.loads(raw)
    result_extra: dict[str, object] = {}
    started = time.perf_counter()
    if mode == "ours":
        import inspect

        import basedosdados_sdk as bd

        # What its read_sql imports on first use (~0.4 s), imported here as the others
        # import it up front, so the read time has no import in it (the import time has).
        import db_dtypes  # noqa: F401
        import google.cloud.bigquery  # noqa: F401
        import pyarrow  # noqa: F401

        version = bd.__version__ if hasattr(bd, "__version__") else "generated"
        # Its default page_size (maxResults) unless the driver serves pages of another size.
        default_page = inspect.signature(bd.read_sql).parameters["page_size"].default
        options = {} if args.get("page") in (None, default_page) else {"page_size": args["page"]}
        result_extra = {"page_size": options.get("page_size", default_page)}

        def read(sql: str):
            return bd.read_sql(sql, billing_project_id=args["project"], **options)

    elif mode == "basedosdados":
        import basedosdados as bd

        version = bd.__version__

        def read(sql: str):
            return bd.read_sql(sql, billing_project_id=args["project"])

    elif mode == "client":
        from google.api_core.client_options import ClientOptions
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import bigquery

        version = f"google-cloud-bigquery {bigquery.__version__}"
        client = bigquery.Client(
            project=args["project"],
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=args["url"]),
        )

        def read(sql: str):
            # No BigQuery Storage API on the datalake (nor without a Google account): REST pages only.
            return client.query(sql).to_dataframe(create_bqstorage_client=False)

    else:
        raise SystemExit(f"unknown mode {mode}")

    import pandas as pd

    import_ms = (time.perf_counter() - started) * 1000
    rss_imported = max_rss_kib()

    started = time.perf_counter()
    df = read(args["sql"])
    read_ms = (time.perf_counter() - started) * 1000
    rss_peak = max_rss_kib()

    result = {
        "mode": mode,
        "version": version,
        "pandas": pd.__version__,
        "python": sys.version.split()[0],
        "import_ms": import_ms,
        "read_ms": read_ms,
        "rows": len(df),
        "id_sum": int(df["id"].sum()),
        "rss_imported_kib": rss_imported,
        "rss_peak_kib": rss_peak,
        "frame_bytes": int(df.memory_usage(deep=True).sum()),
        "dtypes": {name: str(dtype) for name, dtype in df.dtypes.items()},
        **result_extra,
    }
    if args.get("types_sql"):
        types = read(args["types_sql"])
        result["types"] = {
            name: {
                "dtype": str(types[name].dtype),
                "null": repr(types[name].iloc[2]) if len(types) > 2 else None,
                "value": repr(types[name].iloc[1]) if len(types) > 1 else None,
            }
            for name in types.columns
        }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
