package gameday.harness;

/**
 * The runbook procedure a scenario's {@link Scenario#recover} follows, as data: what a plan printed
 * before anything runs ({@code --dry-run}) shows after the fault. The steps themselves stay in the
 * scenario's code; this only names which of the runbook's procedures they are.
 */
public enum Procedure {
    /** Nothing is recovered: the checks judge the damage (negative controls). */
    NONE,
    /** The server comes back on its own volume (the operator reschedules the pod). */
    RESTART,
    /** The streaming standby is promoted and the application switched to it. */
    PROMOTE_STANDBY,
    /** A new cluster restored to a point in time before the damage, then the switchover. */
    PITR,
    /** A new cluster restored from the newest backup and all WAL while the damaged one still runs. */
    LATEST,
    /** The cluster and its disks are gone: a new cluster from what reached the object store. */
    FULL_REBUILD,
    /** The DR region's replica cluster is promoted and the application moved to the DR region. */
    PROMOTE_DR,
    /** Objects copied back from the replica bucket. */
    RESTORE_OBJECTS
}
