#!/bin/bash
# The runbook by hand, no harness: what an operator types to restore the latest point of
# $SERVER into $DEST and bring it up writable (seed 003's PITR without the operator).
# Credentials come from the environment (AWS_*, PGPASSWORD), as for the harness's tools.
set -euo pipefail
cloud=(--endpoint-url "$ENDPOINT" --cloud-provider aws-s3)
id=$(barman-cloud-backup-list "${cloud[@]}" --format json "s3://$BUCKET" "$SERVER" \
     | jq -r '.backups_list | sort_by(.end_time) | last | .backup_id')
barman-cloud-restore "${cloud[@]}" "s3://$BUCKET" "$SERVER" "$id" "$DEST"
cat >> "$DEST/postgresql.auto.conf" <<CONF
port = $PORT
restore_command = 'barman-cloud-wal-restore ${cloud[*]} s3://$BUCKET $SERVER %f %p'
archive_command = 'barman-cloud-wal-archive ${cloud[*]} s3://$BUCKET $NEW_SERVER %p'
CONF
touch "$DEST/recovery.signal"
"$PGBIN/pg_ctl" -D "$DEST" -l "$DEST.log" -w -t 1800 start >/dev/null
until [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
  sleep 0.05
done
