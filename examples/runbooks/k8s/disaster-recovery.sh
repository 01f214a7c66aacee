#!/bin/sh
# The CloudNativePG runbook (scripts/disaster-recovery.sh) as a team writes it, for gameday's k3s and
# kubernetes substrates: a new Cluster with bootstrap.recovery from the damaged cluster's backups
# (to --target-time in mode pitr), a wait for it to be Ready, a row count, and the last step that a
# human did by hand: repointing the application's ExternalName service.
#
#   gameday run drop-table --substrate k3s --recovery-command \
#     'examples/runbooks/k8s/disaster-recovery.sh --mode {mode} --target-time {targetTime}'
#
# What gameday gives it: KUBECONFIG, GAMEDAY_NAMESPACE, GAMEDAY_CLUSTER (the damaged Cluster; its
# backups are under GAMEDAY_SERVER_NAME), GAMEDAY_SERVICE (the ExternalName service the application
# uses), GAMEDAY_BACKUP_FORM (plugin or in-tree), GAMEDAY_OBJECT_STORE (the plugin's ObjectStore),
# GAMEDAY_DESTINATION_PATH, GAMEDAY_S3_ENDPOINT and GAMEDAY_S3_SECRET (in-tree), GAMEDAY_IMAGE.
# --dry-run prints the manifest and the patch and applies nothing.
set -eu

mode= target= dry=
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode=$2; shift 2 ;;
    --target-time) target=$2; shift 2 ;;
    --dry-run) dry=1; shift ;;
    *) echo "usage: $0 --mode pitr|latest|full-rebuild [--target-time RFC3339] [--dry-run]" >&2; exit 2 ;;
  esac
done
case "$mode" in
  pitr) [ -n "$target" ] || { echo "mode pitr needs --target-time" >&2; exit 2; } ;;
  latest|full-rebuild) target= ;;
  *) echo "unknown mode '$mode': use pitr, latest or full-rebuild" >&2; exit 2 ;;
esac

ns=$GAMEDAY_NAMESPACE
name=$GAMEDAY_CLUSTER-recovered
source=$GAMEDAY_SERVER_NAME

# the source's backups, and where the new cluster archives: under its own name (CNPG refuses a non-empty folder)
if [ "$GAMEDAY_BACKUP_FORM" = plugin ]; then
  external="    plugin:
      name: barman-cloud.cloudnative-pg.io
      parameters:
        barmanObjectName: $GAMEDAY_OBJECT_STORE
        serverName: $source"
  archiving="  plugins:
    - name: barman-cloud.cloudnative-pg.io
      isWALArchiver: true
      parameters:
        barmanObjectName: $GAMEDAY_OBJECT_STORE
        serverName: $name"
else
  store() {
    echo "$1destinationPath: $GAMEDAY_DESTINATION_PATH
$1endpointURL: $GAMEDAY_S3_ENDPOINT
$1serverName: $2
$1s3Credentials:
$1  accessKeyId: {name: $GAMEDAY_S3_SECRET, key: ACCESS_KEY_ID}
$1  secretAccessKey: {name: $GAMEDAY_S3_SECRET, key: ACCESS_SECRET_KEY}"
  }
  external="    barmanObjectStore:
$(store '      ' "$source")"
  archiving="  backup:
    barmanObjectStore:
$(store '      ' "$name")"
fi
recovery_target=
[ -z "$target" ] || recovery_target="      recoveryTarget:
        targetTime: \"$target\""

manifest="apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: $name
  namespace: $ns
spec:
  instances: 1
  imageName: $GAMEDAY_IMAGE
  storage:
    size: 1Gi
  bootstrap:
    recovery:
      source: origin
$recovery_target
  externalClusters:
  - name: origin
$external
$archiving"
patch="{\"spec\":{\"externalName\":\"$name-rw.$ns.svc.cluster.local\"}}"

if [ -n "$dry" ]; then
  echo "$manifest"
  echo "# kubectl patch service $GAMEDAY_SERVICE -n $ns --type merge -p '$patch'"
  exit 0
fi

echo "gameday-phase: create-cluster"
echo "$manifest" | kubectl apply -f -

echo "gameday-phase: wait-ready"
# "wait up to 20 min"
kubectl wait --for=condition=Ready "cluster/$name" -n "$ns" --timeout=1200s

echo "gameday-phase: verify"
echo "objects: $(kubectl exec -n "$ns" "$name-1" -c postgres -- psql -U postgres -Atc 'SELECT count(*) FROM objects' 2>&1 || true)"

echo "gameday-phase: switchover"
kubectl patch service "$GAMEDAY_SERVICE" -n "$ns" --type merge -p "$patch"
