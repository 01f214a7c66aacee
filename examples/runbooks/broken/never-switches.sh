#!/bin/sh
# Negative control: the runbook restores and starts the recovered cluster but forgets the last
# step, repointing the service. gameday must say the service was never switched over.
here=$(dirname "$0")
GAMEDAY_SWITCHOVER_FILE=/dev/null exec "$here/../local-pitr.sh" "$@"
