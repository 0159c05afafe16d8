# An analyst's script for basedosdados 2.x: the catalogue by its 2.x names, reading the fields 2.x items carry.
import json

import basedosdados as bd

datasets = bd.get_datasets(dataset_name="Censo", page_size=5)
tables = bd.get_tables(dataset_id="br_ibge_populacao")
columns = bd.get_columns(table_id="br_ibge_populacao.municipio", page_size=3)
found = bd.search(q="pib")
print(json.dumps({
    "datasets": [d["slug"] for d in datasets["items"]],
    "dataset_names": [d["name"] for d in datasets["items"]],
    "datasets_page_total": datasets["page_total"],
    "tables": [t["slug"] for t in tables["items"]],
    "columns": [c["name"] for c in columns["items"]],
    "columns_page_total": columns["page_total"],
    "search_count": found["count"],
    "search_page_total": found["page_total"],
}, ensure_ascii=False))
