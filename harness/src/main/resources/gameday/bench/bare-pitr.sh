#!/bin/bash
# The runbook by hand, no harness: what an operator types to restore the latest point of
# $SERVER into $DEST and bring it up writable (the CloudNativePG runbook's PITR without the
# operator). Credentials come from the environment (AWS_*, PGPASSWORD), as for the harness's
# tools. Needs only what barman-cloud needs: bash, python3, the barman-cloud tools, PostgreSQL.
# `bare-pitr.sh newest-backup < backup-list.json` prints the id it would restore.
set -euo pipefail

# The newest backup by its real end time. barman's JSON prints end_time as Python's ctime()
# ("Mon Nov 23 16:46:00 2026"), whose text order is not time order once there are several.
newest_backup() {
  "$(command -v /usr/bin/python3 || command -v python3)" -c '
import json, sys
from datetime import datetime
def end(b):
    t = " ".join(b["end_time"].split())
    try:
        return datetime.strptime(t, "%a %b %d %H:%M:%S %Y")
    except ValueError:
        d = datetime.fromisoformat(t)
        return d.astimezone().replace(tzinfo=None) if d.tzinfo else d
backups = json.load(sys.stdin)["backups_list"]
if not backups:
    sys.exit("no base backup in the bucket")
print(max(backups, key=end)["backup_id"])'
}
if [ "${1:-}" = newest-backup ]; then newest_backup; exit; fi

cloud=(--endpoint-url "$ENDPOINT" --cloud-provider aws-s3)
id=$(barman-cloud-backup-list "${cloud[@]}" --format json "s3://$BUCKET" "$SERVER" | newest_backup)
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
