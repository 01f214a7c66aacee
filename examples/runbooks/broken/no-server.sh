#!/bin/sh
# Negative control: the runbook "succeeds" at once: it repoints the service and exits 0 without
# restoring anything or starting a server. gameday's verification must find nothing answering.
echo "gameday-phase: switchover"
echo "127.0.0.1:$GAMEDAY_PORT" > "$GAMEDAY_SWITCHOVER_FILE"
echo "done"
