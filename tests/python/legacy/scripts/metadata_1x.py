# An analyst's script for basedosdados 1.x: the catalogue by the names users still type.
import json

import basedosdados as bd

datasets = bd.list_datasets(query="Censo", limit=5, with_description=True, verbose=False)
tables = bd.list_dataset_tables("br_ibge_populacao", verbose=False)
print(json.dumps({
    "datasets": [d["dataset_id"] for d in datasets],
    "tables": [t["table_id"] for t in tables],
    "dataset_description": bd.get_dataset_description("br_ibge_populacao", verbose=False),
    "table_description": bd.get_table_description("br_ibge_populacao", "municipio", verbose=False),
    "columns": [c["name"] for c in bd.get_table_columns("br_ibge_populacao", "municipio", verbose=False)],
    "size": bd.get_table_size("br_ibge_populacao", "municipio", verbose=False),
}, ensure_ascii=False))
