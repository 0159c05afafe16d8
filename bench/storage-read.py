"""The measured side of bench/storage-read.mjs in Python: one read per process.

    python bench/storage-read.py MODE '<json: {url, storage_endpoint, project, sql, table, kwargs, path, format}>'

Modes (the driver picks the interpreter and PYTHONPATH):
- ours:         basedosdados_sdk.read_sql(sql, billing_project_id=..., **kwargs): today's
                package (the baseline worktree's) or this tree's, with read_api="rest" or
                "storage" in kwargs; aimed by BASEDOSDADOS_BIGQUERY_ENDPOINT and
                BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT (set by the driver).
- ours-download: basedosdados_sdk.download(path, query=sql, format=..., **kwargs).
- ceiling:      the session's Arrow bytes fetched once with the raw google-cloud-bigquery-storage
                client (untimed), then timed from memory: pyarrow IPC -> pyarrow.Table -> the
                package's own DataFrame conversion (_runtime.bigquery_types.to_dataframe).
- basedosdados: PyPI basedosdados 2.0.3's read_sql(sql, billing_project_id=..., use_bqstorage_api=True),
                in .venv-basedosdados, aimed as bench/python-read-sql.mjs does (BIGQUERY_EMULATOR_HOST,
                a throwaway HOME with a placeholder pydata token); its Storage client is aimed at the
                datalake by the patch below.
- pandas-gbq:   pandas_gbq.read_gbq(sql, project_id=..., credentials=AnonymousCredentials(),
                use_bqstorage_api=True), aimed the same way.

pandas-gbq (under basedosdados too) makes its BigQueryReadClient itself, with Google's endpoint
and TLS; `aim_storage_clients` swaps google.cloud.bigquery_storage.BigQueryReadClient for a
subclass on a grpc.insecure_channel to the datalake's gRPC endpoint (nothing else changes).
Prints one JSON line on stdout.
"""

from __future__ import annotations

import json
import os
import sys
import time


def peak_rss_kib() -> int:
    """VmHWM of this process (not ru_maxrss, which Linux carries over from the parent)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def insecure_channel(endpoint: str):
    import grpc

    return grpc.insecure_channel(endpoint, options=[("grpc.max_receive_message_length", -1)])


def aim_storage_clients(endpoint: str) -> None:
    """Every BigQueryReadClient made from now on talks plain gRPC to `endpoint`, without credentials."""
    from google.cloud import bigquery_storage, bigquery_storage_v1
    from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport

    class LocalReadClient(bigquery_storage_v1.BigQueryReadClient):
        def __init__(self, *args, **kwargs):
            transport = BigQueryReadGrpcTransport(channel=insecure_channel(endpoint))
            super().__init__(transport=transport, client_info=kwargs.get("client_info"))

    bigquery_storage.BigQueryReadClient = LocalReadClient
    bigquery_storage_v1.BigQueryReadClient = LocalReadClient


def result_columns(schema) -> list:
    """The result's columns as the package's read_sql gets them (from the query's REST schema), here from the Arrow schema."""
    import pyarrow as pa

    from basedosdados_sdk._runtime.bigquery_types import ColumnType

    def kind(t) -> str:
        for check, name in ((pa.types.is_integer, "INT64"), (pa.types.is_floating, "FLOAT64"), (pa.types.is_boolean, "BOOL"),
                            (pa.types.is_date, "DATE"), (pa.types.is_string, "STRING")):
            if check(t):
                return name
        raise SystemExit(f"the ceiling knows no BigQuery type for {t}")

    return [ColumnType(f.name, kind(f.type), "NULLABLE" if f.nullable else "REQUIRED") for f in schema]


def ceiling(args: dict) -> dict:
    import pyarrow as pa
    from google.cloud.bigquery_storage_v1 import BigQueryReadClient, types
    from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport

    from basedosdados_sdk._runtime import bigquery_types

    client = BigQueryReadClient(transport=BigQueryReadGrpcTransport(channel=insecure_channel(args["storage_endpoint"])))
    fetch_started = time.perf_counter()
    session = client.create_read_session(
        parent=f"projects/{args['project']}",
        read_session=types.ReadSession(table=args["table"], data_format=types.DataFormat.ARROW),
        max_stream_count=4,
    )
    schema_bytes = bytes(session.arrow_schema.serialized_schema)
    messages = []
    for stream in session.streams:
        # The GAPIC call itself (not ReadRowsStream's reconnecting wrapper): the raw messages.
        for response in client._transport.read_rows(types.ReadRowsRequest(read_stream=stream.name, offset=0)):
            if response.arrow_record_batch.serialized_record_batch:
                messages.append(bytes(response.arrow_record_batch.serialized_record_batch))
    fetch_ms = (time.perf_counter() - fetch_started) * 1000

    started = time.perf_counter()
    schema = pa.ipc.read_schema(pa.py_buffer(schema_bytes))
    batches = [pa.ipc.read_record_batch(pa.py_buffer(m), schema) for m in messages]
    table = pa.Table.from_batches(batches, schema=schema)
    frame = bigquery_types.to_dataframe(table, result_columns(schema))
    read_ms = (time.perf_counter() - started) * 1000
    return {"read_ms": read_ms, "frame": frame, "fetch_ms": fetch_ms, "messages": len(messages), "streams": len(session.streams),
            "wire_bytes": len(schema_bytes) + sum(len(m) for m in messages)}


def main() -> None:
    mode, args = sys.argv[1], json.loads(sys.argv[2])
    import pandas as pd

    extra: dict = {}
    if mode in ("ours", "ours-download"):
        import basedosdados_sdk as bd

        # What read_sql imports on first use, imported up front (import time is not read time).
        import google.cloud.bigquery  # noqa: F401
        import pyarrow  # noqa: F401

        try:
            import google.cloud.bigquery_storage  # noqa: F401
        except ImportError:
            pass
        kwargs = args.get("kwargs", {})
        extra["imported_kib"] = peak_rss_kib()
        started = time.perf_counter()
        if mode == "ours-download":
            result = bd.download(args["path"], query=args["sql"], billing_project_id=args["project"], format=args["format"], **kwargs)
            read_ms = (time.perf_counter() - started) * 1000
            rows = result["rows"] if isinstance(result, dict) else getattr(result, "rows", None)
            sys.stdout.write(json.dumps({"read_ms": read_ms, "rows": rows, "id_sum": None, "bytes": os.path.getsize(args["path"]), "rss_kib": peak_rss_kib(), **extra}) + "\n")
            return
        frame = bd.read_sql(args["sql"], billing_project_id=args["project"], **kwargs)
        read_ms = (time.perf_counter() - started) * 1000
    elif mode == "ceiling":
        out = ceiling(args)
        frame, read_ms = out.pop("frame"), out.pop("read_ms")
        extra = out
    elif mode == "basedosdados":
        aim_storage_clients(args["storage_endpoint"])
        import basedosdados
        import google.cloud.bigquery  # noqa: F401

        started = time.perf_counter()
        frame = basedosdados.read_sql(args["sql"], billing_project_id=args["project"], use_bqstorage_api=True)
        read_ms = (time.perf_counter() - started) * 1000
    elif mode == "pandas-gbq":
        aim_storage_clients(args["storage_endpoint"])
        import pandas_gbq
        from google.auth.credentials import AnonymousCredentials

        started = time.perf_counter()
        frame = pandas_gbq.read_gbq(args["sql"], project_id=args["project"], credentials=AnonymousCredentials(), use_bqstorage_api=True, progress_bar_type=None)
        read_ms = (time.perf_counter() - started) * 1000
    else:
        raise SystemExit(f"unknown mode {mode}")
    result = {
        "read_ms": read_ms,
        "rows": len(frame),
        "id_sum": int(frame["id"].sum()),
        "rss_kib": peak_rss_kib(),
        "pandas": pd.__version__,
        "dtypes": {name: str(dtype) for name, dtype in frame.dtypes.items()},
        **extra,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
