#!/bin/sh
# Negative control: the runbook restores to the latest point whatever it is asked, so after a DROP
# TABLE the recovered cluster has the table dropped too. gameday's verification must catch it.
here=$(dirname "$0")
exec "$here/../local-pitr.sh" --mode latest
