#!/bin/sh
# Negative control: a time-zone mistake. The target is written in local wall-clock time (UTC-1)
# but labelled UTC, so it lies an hour after the disaster: PostgreSQL replays to the end of the
# archive without reaching it, and the recovery fails. The runbook must be caught, not "succeed".
here=$(dirname "$0")
target=
while [ $# -gt 0 ]; do
  case "$1" in --target-time) target=$2; shift 2 ;; *) shift ;; esac
done
shifted=$(python3 -c 'import sys, datetime; t = datetime.datetime.fromisoformat(sys.argv[1].replace("Z", "+00:00")); print((t + datetime.timedelta(hours=1)).isoformat())' "$target")
echo "recovery target (local time, labelled UTC): $shifted"
exec "$here/../local-pitr.sh" --mode pitr --target-time "$shifted"
