#!/usr/bin/env bash
# Creates the database DATABASE_URL names when it does not exist yet, by
# connecting to the "postgres" database of the same server. For
# development machines only: task run uses it before migrating.
set -euo pipefail
url=${DATABASE_URL:?DATABASE_URL is not set}
rest=${url#*://}
path=${rest#*/}
name=${path%%\?*}
query=
case $path in *\?*) query="?${path#*\?}" ;; esac
if [ -z "$name" ] || [ "$path" = "$rest" ]; then
  echo "ensure-database: DATABASE_URL names no database: $url" >&2
  exit 1
fi
admin="${url%%://*}://${rest%%/*}/postgres$query"
if [ "$(psql "$admin" -Atc "select 1 from pg_database where datname = '${name//\'/\'\'}'")" != 1 ]; then
  psql "$admin" -qc "create database \"${name//\"/\"\"}\""
  echo "ensure-database: created database $name" >&2
fi
