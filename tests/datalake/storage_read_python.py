"""Reads a session of the local datalake's Storage Read API with the official
Python client (google-cloud-bigquery-storage over an insecure gRPC channel)
into pyarrow, and prints the Arrow types and values as JSON for
storage-python.test.ts. Usage: storage_read_python.py HOST:PORT TABLE [MAX_STREAMS]"""
import json
import sys

import grpc
import pyarrow as pa
from google.cloud.bigquery_storage_v1 import BigQueryReadClient, types
from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport


def main() -> None:
    endpoint, table = sys.argv[1], sys.argv[2]
    max_streams = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    channel = grpc.insecure_channel(endpoint)
    client = BigQueryReadClient(transport=BigQueryReadGrpcTransport(channel=channel))
    try:
        session = client.create_read_session(
            parent="projects/projeto-de-teste",
            read_session=types.ReadSession(table=table, data_format=types.DataFormat.ARROW),
            max_stream_count=max_streams,
        )
        tables = [client.read_rows(s.name).to_arrow(session) for s in session.streams]
        result = pa.concat_tables(tables)
        print(json.dumps({
            "streams": len(session.streams),
            "rows_per_stream": [t.num_rows for t in tables],
            "types": [f"{f.name}:{f.type}:{'null' if f.nullable else 'required'}" for f in result.schema],
            "extensions": {f.name: (f.metadata or {}).get(b"ARROW:extension:name", b"").decode() for f in result.schema if f.metadata},
            "rows": [[None if v is None else str(v) for v in row.values()] for row in result.to_pylist()][:5],
            "first_ids": [int(x) for x in result.column(0).to_pylist()[:3]],
            "num_rows": result.num_rows,
        }))
    finally:
        channel.close()


if __name__ == "__main__":
    main()
