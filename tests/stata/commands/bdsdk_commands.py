# Hand-written stand-in for the table `bdgen generate --lang stata` will emit as
# <package>_commands.py (phase 2 of issue 12 replaces this file by the generated
# one; the format is generators/src/languages/stata/runtime/README.md's).
"""The commands of the Stata package bdsdk: what each one calls and how its result lands."""

import json

TABLE = json.loads(
    r"""
{
  "format": 1,
  "package": {"stata": "bdsdk", "python": "basedosdados_sdk", "pip": "basedosdados-sdk", "exception": "BaseDosDadosException", "version": "0.1.0"},
  "commands": {
    "bd_read_sql": {
      "function": "read_sql", "lands": "rows", "summary": "Run a SQL query on BigQuery and load its rows.",
      "options": [
        {"name": "query", "param": "query", "kind": "string", "required": true},
        {"name": "billing_project_id", "param": "billing_project_id", "kind": "string"},
        {"name": "environment", "param": "environment", "kind": "string", "default": "prod"},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10000},
        {"name": "path", "kind": "string", "effect": "save_csv"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_read_table": {
      "function": "read_table", "lands": "rows", "summary": "Read the rows of one Base dos Dados table.",
      "labels_from": {"function": "list_table_columns", "args": ["dataset_id", "table_id"], "extra": {"page_size": 100}, "name": "name", "description": "description"},
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "table_id", "param": "table_id", "kind": "string", "required": true},
        {"name": "columns", "param": "columns", "kind": "names"},
        {"name": "limit", "param": "limit", "kind": "integer"},
        {"name": "billing_project_id", "param": "billing_project_id", "kind": "string"},
        {"name": "environment", "param": "environment", "kind": "string", "default": "prod"},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10000},
        {"name": "path", "kind": "string", "effect": "save_csv"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_download": {
      "function": "download", "lands": "file", "summary": "Save a query's or a table's rows to a file.",
      "options": [
        {"name": "path", "param": "path", "kind": "string", "required": true},
        {"name": "query", "param": "query", "kind": "string"},
        {"name": "dataset_id", "param": "dataset_id", "kind": "string"},
        {"name": "table_id", "param": "table_id", "kind": "string"},
        {"name": "columns", "param": "columns", "kind": "names"},
        {"name": "limit", "param": "limit", "kind": "integer"},
        {"name": "format", "param": "format", "kind": "string"},
        {"name": "billing_project_id", "param": "billing_project_id", "kind": "string"},
        {"name": "environment", "param": "environment", "kind": "string", "default": "prod"},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10000}
      ]
    },
    "bd_estimate_query": {
      "function": "estimate_query", "lands": "estimate", "summary": "Estimate what a query would scan and cost, without running it.",
      "options": [
        {"name": "query", "param": "query", "kind": "string", "required": true},
        {"name": "billing_project_id", "param": "billing_project_id", "kind": "string"},
        {"name": "environment", "param": "environment", "kind": "string", "default": "prod"}
      ]
    },
    "bd_list_datasets": {
      "function": "list_datasets", "lands": "page", "fields": "Dataset", "noun": "datasets", "show": [["id"], ["name"]],
      "options": [
        {"name": "q", "param": "q", "kind": "string"},
        {"name": "organization", "param": "organization", "kind": "string"},
        {"name": "theme", "param": "theme", "kind": "string"},
        {"name": "tag", "param": "tag", "kind": "string"},
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_get_dataset": {
      "function": "get_dataset", "lands": "object", "fields": "Dataset", "noun": "dataset", "show": [["id"], ["name"]],
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_list_dataset_tables": {
      "function": "list_dataset_tables", "lands": "page", "fields": "Table", "noun": "tables", "show": [["id"], ["name"]],
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_get_table": {
      "function": "get_table", "lands": "object", "fields": "Table", "noun": "table", "show": [["bigquery_table"], ["name"]],
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "table_id", "param": "table_id", "kind": "string", "required": true},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_list_table_columns": {
      "function": "list_table_columns", "lands": "page", "fields": "Column", "noun": "columns", "show": [["name"], ["bigquery_type"], ["description"]],
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "table_id", "param": "table_id", "kind": "string", "required": true},
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_list_organizations": {
      "function": "list_organizations", "lands": "page", "fields": "Organization", "noun": "organizations", "show": [["id"], ["name"]],
      "options": [
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_list_themes": {
      "function": "list_themes", "lands": "page", "fields": "Theme", "noun": "themes", "show": [["id"], ["name"]],
      "options": [
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_list_tags": {
      "function": "list_tags", "lands": "page", "fields": "Tag", "noun": "tags", "show": [["id"], ["name"]],
      "options": [
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_search": {
      "function": "search", "lands": "page", "fields": "SearchResult", "noun": "results", "show": [["type"], ["dataset_id"], ["table_id"], ["name"]],
      "options": [
        {"name": "q", "param": "q", "kind": "string"},
        {"name": "organization", "param": "organization", "kind": "string"},
        {"name": "theme", "param": "theme", "kind": "string"},
        {"name": "tag", "param": "tag", "kind": "string"},
        {"name": "page", "param": "page", "kind": "integer", "default": 1},
        {"name": "page_size", "param": "page_size", "kind": "integer", "default": 10},
        {"name": "allpages", "kind": "flag", "effect": "allpages"},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_get_table_description": {
      "function": "get_table", "lands": "object", "fields": "Table", "noun": "table", "show": [["bigquery_table"], ["name"]],
      "display_field": "description",
      "deprecated": {"use": "bd_get_table", "origin": "the basedosdados Stata package"},
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "table_id", "param": "table_id", "kind": "string", "required": true},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    },
    "bd_get_table_columns": {
      "function": "list_table_columns", "lands": "page", "fields": "Column", "noun": "columns", "show": [["name"], ["bigquery_type"], ["description"]],
      "all_pages": true,
      "deprecated": {"use": "bd_list_table_columns, allpages", "origin": "the basedosdados Stata package"},
      "options": [
        {"name": "dataset_id", "param": "dataset_id", "kind": "string", "required": true},
        {"name": "table_id", "param": "table_id", "kind": "string", "required": true},
        {"name": "clear", "kind": "flag", "effect": "clear"}
      ]
    }
  },
  "field_sets": {
    "Dataset": [
      {"var": "id", "path": ["id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "slug", "path": ["slug"], "kind": "str", "label": "The website's hyphenated slug."},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"},
      {"var": "description", "path": ["description"], "kind": "str", "label": "Description"},
      {"var": "organizations", "path": ["organizations"], "kind": "json", "label": "Organizations (JSON)"},
      {"var": "themes", "path": ["themes"], "kind": "json", "label": "Themes (JSON)"},
      {"var": "tags", "path": ["tags"], "kind": "json", "label": "Tags (JSON)"},
      {"var": "temporal_coverage_start", "path": ["temporal_coverage", "start"], "kind": "str", "label": "First period covered (YYYY, YYYY-MM or YYYY-MM-DD)."},
      {"var": "temporal_coverage_end", "path": ["temporal_coverage", "end"], "kind": "str", "label": "Last period covered (YYYY, YYYY-MM or YYYY-MM-DD)."},
      {"var": "spatial_coverage", "path": ["spatial_coverage"], "kind": "list", "label": "Areas covered, as ids of the directory of places (br, br_sp, ...)."},
      {"var": "n_tables", "path": ["n_tables"], "kind": "int", "label": "Number of tables"},
      {"var": "created_at", "path": ["created_at"], "kind": "datetime", "label": "Created at"},
      {"var": "updated_at", "path": ["updated_at"], "kind": "datetime", "label": "Updated at"}
    ],
    "Table": [
      {"var": "id", "path": ["id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "dataset_id", "path": ["dataset_id"], "kind": "str", "label": "Dataset id"},
      {"var": "slug", "path": ["slug"], "kind": "str", "label": "Slug"},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"},
      {"var": "description", "path": ["description"], "kind": "str", "label": "Description"},
      {"var": "bigquery_table", "path": ["bigquery_table"], "kind": "str", "label": "The full BigQuery name, basedosdados.<dataset_id>.<table_id>."},
      {"var": "number_rows", "path": ["number_rows"], "kind": "int", "label": "Number of rows"},
      {"var": "number_columns", "path": ["number_columns"], "kind": "int", "label": "Number of columns"},
      {"var": "uncompressed_file_size", "path": ["uncompressed_file_size"], "kind": "int", "label": "Bytes of the table's uncompressed CSV."},
      {"var": "compressed_file_size", "path": ["compressed_file_size"], "kind": "int", "label": "Bytes of the table's compressed CSV."},
      {"var": "partitions", "path": ["partitions"], "kind": "list", "label": "Columns the BigQuery table is partitioned by."},
      {"var": "temporal_coverage_start", "path": ["temporal_coverage", "start"], "kind": "str", "label": "First period covered (YYYY, YYYY-MM or YYYY-MM-DD)."},
      {"var": "temporal_coverage_end", "path": ["temporal_coverage", "end"], "kind": "str", "label": "Last period covered (YYYY, YYYY-MM or YYYY-MM-DD)."},
      {"var": "license", "path": ["license"], "kind": "str", "label": "License"},
      {"var": "is_closed", "path": ["is_closed"], "kind": "bool", "label": "Whether the data is only for subscribers."},
      {"var": "update_frequency_entity", "path": ["update_frequency", "entity"], "kind": "str", "label": "Unit of the frequency (year, month, day, ...)."},
      {"var": "update_frequency_frequency", "path": ["update_frequency", "frequency"], "kind": "int", "label": "Updates per entity; 0 when the table is not updated."},
      {"var": "update_frequency_lag", "path": ["update_frequency", "lag"], "kind": "int", "label": "Entities between the period covered and its publication."},
      {"var": "update_frequency_latest", "path": ["update_frequency", "latest"], "kind": "date", "label": "Date of the latest update."}
    ],
    "Column": [
      {"var": "name", "path": ["name"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "description", "path": ["description"], "kind": "str", "label": "Description"},
      {"var": "bigquery_type", "path": ["bigquery_type"], "kind": "enum", "label": "The BigQuery standard SQL type of a column.",
       "values": ["STRING", "BYTES", "INT64", "FLOAT64", "NUMERIC", "BIGNUMERIC", "BOOL", "DATE", "DATETIME", "TIME", "TIMESTAMP", "GEOGRAPHY", "JSON", "RECORD"]},
      {"var": "measurement_unit", "path": ["measurement_unit"], "kind": "str", "label": "Measurement unit"},
      {"var": "is_primary_key", "path": ["is_primary_key"], "kind": "bool", "label": "Is primary key"},
      {"var": "is_partition", "path": ["is_partition"], "kind": "bool", "label": "Is partition"},
      {"var": "covered_by_dictionary", "path": ["covered_by_dictionary"], "kind": "bool", "label": "Covered by dictionary"},
      {"var": "directory_primary_key", "path": ["directory_primary_key"], "kind": "str", "label": "The directory column this column joins to."},
      {"var": "observations", "path": ["observations"], "kind": "str", "label": "Observations"},
      {"var": "contains_sensitive_data", "path": ["contains_sensitive_data"], "kind": "bool", "label": "Contains sensitive data"}
    ],
    "Organization": [
      {"var": "id", "path": ["id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "slug", "path": ["slug"], "kind": "str", "label": "The website's hyphenated slug."},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"},
      {"var": "description", "path": ["description"], "kind": "str", "label": "Description"},
      {"var": "website", "path": ["website"], "kind": "str", "label": "Website"}
    ],
    "Theme": [
      {"var": "id", "path": ["id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "slug", "path": ["slug"], "kind": "str", "label": "Slug"},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"},
      {"var": "children", "path": ["children"], "kind": "json", "label": "Narrower themes under this one (JSON)."}
    ],
    "Tag": [
      {"var": "id", "path": ["id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "slug", "path": ["slug"], "kind": "str", "label": "Slug"},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"}
    ],
    "SearchResult": [
      {"var": "type", "path": ["type"], "kind": "enum", "label": "Type", "values": ["dataset", "table"]},
      {"var": "dataset_id", "path": ["dataset_id"], "kind": "str", "label": "A snake_case identifier of the catalogue."},
      {"var": "table_id", "path": ["table_id"], "kind": "str", "label": "Table id"},
      {"var": "name", "path": ["name"], "kind": "str", "label": "Name"},
      {"var": "description", "path": ["description"], "kind": "str", "label": "Description"},
      {"var": "organizations", "path": ["organizations"], "kind": "list", "label": "Organization ids."},
      {"var": "themes", "path": ["themes"], "kind": "list", "label": "Theme ids."},
      {"var": "tags", "path": ["tags"], "kind": "list", "label": "Tag ids."}
    ]
  }
}
"""
)
