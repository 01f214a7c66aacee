#!/bin/sh
# The CloudNativePG runbook (scripts/disaster-recovery.sh: pitr / latest / full-rebuild) for
# gameday's local substrate, with the same tools CNPG runs in its pods: barman-cloud-restore for
# the base backup, barman-cloud-wal-restore as restore_command, pg_ctl and psql.
#
#   gameday run drop-table --recovery-command \
#     'examples/runbooks/local-pitr.sh --mode {mode} --target-time {targetTime}'
#
# What gameday gives it (README, "Your own runbook"): GAMEDAY_S3_ENDPOINT, GAMEDAY_DESTINATION_PATH
# (s3://bucket), GAMEDAY_SERVER_NAME (the server to restore), GAMEDAY_NEW_SERVER_NAME (where the
# recovered cluster archives: CNPG refuses a non-empty archive), AWS_* credentials, PGBINDIR,
# GAMEDAY_DATA_DIR (empty, for the recovered cluster), GAMEDAY_PORT (it may listen there),
# PGHOST/PGPORT/PGUSER/PGPASSWORD, and GAMEDAY_SWITCHOVER_FILE: the runbook's last step, "repoint
# the service", is writing host:port there. Lines "gameday-phase: NAME" name its steps on the timeline.
set -eu

mode= target=
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode=$2; shift 2 ;;
    --target-time) target=$2; shift 2 ;;
    *) echo "usage: $0 --mode pitr|latest|full-rebuild [--target-time RFC3339]" >&2; exit 2 ;;
  esac
done
case "$mode" in
  pitr) [ -n "$target" ] || { echo "mode pitr needs --target-time" >&2; exit 2; } ;;
  latest|full-rebuild) target= ;;
  *) echo "unknown mode '$mode': use pitr, latest or full-rebuild" >&2; exit 2 ;;
esac

for tool in pg_ctl psql; do
  [ -x "$PGBINDIR/$tool" ] || { echo "no $tool in PGBINDIR=$PGBINDIR" >&2; exit 1; }
done
s3="--endpoint-url $GAMEDAY_S3_ENDPOINT --cloud-provider aws-s3"
data=$GAMEDAY_DATA_DIR

echo "gameday-phase: restore-base"
# barman-cloud-restore takes no 'latest': pick the newest backup that ended before the target
backup=$(barman-cloud-backup-list $s3 --format json "$GAMEDAY_DESTINATION_PATH" "$GAMEDAY_SERVER_NAME" | python3 -c '
import json, sys, time, datetime
target = sys.argv[1]
limit = datetime.datetime.fromisoformat(target.replace("Z", "+00:00")).timestamp() if target else None
best = None
for b in json.load(sys.stdin)["backups_list"]:
    if b.get("status") != "DONE":
        continue
    end = time.mktime(time.strptime(b["end_time"], "%a %b %d %H:%M:%S %Y"))  # ctime, local time
    if (limit is None or end < limit) and (best is None or end > best[0]):
        best = (end, b["backup_id"])
if best is None:
    sys.exit("no base backup of the server ended before " + (target or "now"))
print(best[1])
' "$target")
echo "restoring base backup $backup of $GAMEDAY_SERVER_NAME ($mode${target:+ to $target})"
barman-cloud-restore $s3 "$GAMEDAY_DESTINATION_PATH" "$GAMEDAY_SERVER_NAME" "$backup" "$data"

echo "gameday-phase: replay-wal"
# postgresql.auto.conf is read last: it overrides the port and archiving of the restored primary
{
  echo "port = $GAMEDAY_PORT"
  echo "listen_addresses = '127.0.0.1'"
  echo "archive_command = 'barman-cloud-wal-archive $s3 $GAMEDAY_DESTINATION_PATH $GAMEDAY_NEW_SERVER_NAME %p'"
  echo "restore_command = 'barman-cloud-wal-restore $s3 $GAMEDAY_DESTINATION_PATH $GAMEDAY_SERVER_NAME %f %p'"
  if [ -n "$target" ]; then
    # PostgreSQL refuses the abbreviation Z in recovery_target_time: write the offset
    echo "recovery_target_time = '$(echo "$target" | sed 's/Z$/+00:00/')'"
    echo "recovery_target_action = 'promote'"
  fi
} >> "$data/postgresql.auto.conf"
touch "$data/recovery.signal"
log=$HOME/postgres.log
if ! "$PGBINDIR/pg_ctl" start -D "$data" -l "$log" -w -t 600 >/dev/null; then
  echo "the recovered server did not start:" >&2
  grep -E 'FATAL|PANIC' "$log" | tail -n 1 >&2
  exit 1
fi

# "wait up to 20 min": until the server has left recovery (promoted at the target or the end of the archive)
waited=0
until [ "$("$PGBINDIR/psql" -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
  if ! "$PGBINDIR/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    echo "the recovered server stopped during recovery:" >&2
    grep -E 'FATAL|PANIC' "$log" | tail -n 1 >&2
    exit 1
  fi
  waited=$((waited + 1))
  [ "$waited" -lt 12000 ] || { echo "recovery did not finish within 20 min" >&2; exit 1; }
  sleep 0.1
done

echo "gameday-phase: verify"
echo "objects: $("$PGBINDIR/psql" -Atc 'SELECT count(*) FROM objects' 2>&1)"

echo "gameday-phase: switchover"
echo "127.0.0.1:$GAMEDAY_PORT" > "$GAMEDAY_SWITCHOVER_FILE"
echo "service switched over to 127.0.0.1:$GAMEDAY_PORT"
