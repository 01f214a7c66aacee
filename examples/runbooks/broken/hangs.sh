#!/bin/sh
# Negative control: the runbook hangs in its restore step (a wait with no timeout), with a child
# in the background. gameday's --recovery-timeout must fire, name the step, and leave nothing running.
echo "gameday-phase: restore-base"
sleep 3600 &
echo "waiting, shell pid $$, child pid $!"
wait
