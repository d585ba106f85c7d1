#!/usr/bin/env bash
# On the first `make run`, creates an API key and prints it once; later runs leave keys alone.
set -euo pipefail
bin="$1"
data_dir="$2"
if [ "$("$bin" keys list --data-dir "$data_dir" | wc -l)" -le 1 ]; then
  echo "No API key yet: creating one."
  "$bin" keys create --name first-key --data-dir "$data_dir"
  echo "Use it as: Authorization: Bearer <the key above>"
fi
