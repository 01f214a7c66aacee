package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.EnvironmentSpec;
import gameday.harness.ObjectStore;
import gameday.harness.Scenario;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.Capability;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.s3.Buckets;
import gameday.harness.wait.Wait;
import gameday.harness.check.Expectation;
import gameday.harness.check.RestoredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The BitVault DR chapter, "Logical disaster (ransomware, mass delete)", on the bytes: objects vanish from the
 * app bucket or are overwritten. With a replicated bucket (deletes and overwrites are not
 * replicated) the runbook copies them back and the consistency check passes; without one
 * (the negative control) the checker must report the dangling and corrupt references.
 * <p>Failure mode: docs/catalogue.md#object-loss.
 */
public final class ObjectLoss implements Scenario {
    /**
     * The attacker lists the bucket first and strikes this long after: what existed then is hit.
     * Objects younger than the replication lag at that moment are not in the replica yet; on 2
     * busy cores a pass over the buckets took more than 1 s, so 5 s (the lag is measured).
     */
    static final Duration ENUMERATION = Duration.ofSeconds(5);
    private final boolean replica;

    public ObjectLoss(boolean replica) {
        this.replica = replica;
    }

    public static ObjectLoss withReplica() {
        return new ObjectLoss(true);
    }

    public static ObjectLoss withoutReplica() {
        return new ObjectLoss(false);
    }

    private static final String SOURCE = "BitVault DR chapter: logical disaster (ransomware) on the object bytes";

    /** Without a replica the lost objects stay lost: the checker must say so. */
    @Override
    public Info info() {
        return replica
                ? Info.of("object-loss", "ransomware deletes/overwrites app objects; restore them from the replicated bucket, then the consistency check",
                        SOURCE, Fault.DAMAGE_OBJECTS).needing(Capability.DR_REGION, Capability.OBJECT_RESTORE)
                : Info.of("object-loss-no-replica", "negative control: the same object loss with no replica; the consistency check must report dangling references",
                        SOURCE, Fault.DAMAGE_OBJECTS).expecting(Validity.INVALID);
    }

    /** With a replica the objects are copied back; without one nothing is recovered and the check must say so. */
    @Override
    public Procedure procedure() {
        return replica ? Procedure.RESTORE_OBJECTS : Procedure.NONE;
    }

    @Override
    public EnvironmentSpec environment() {
        return replica ? EnvironmentSpec.DEFAULT.withDrRegion() : EnvironmentSpec.DEFAULT;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        ObjectStore store = run.env().objectStore();
        String bucket = run.env().endpoint().bucket();
        List<String> keys = new ArrayList<>();
        long listedAt = System.nanoTime();
        RestoredState.listing(store.client(), bucket, "").forEachRemaining(o -> keys.add(o.key()));
        Runbook.unnoticedFor(run, ENUMERATION);
        // The attacker dwells until the replica holds what was listed: on a loaded machine one
        // replication pass can outlast the enumeration window, and the game day tests the restore
        // from the replica, not a race with its lag (replicationMaxLagMs records the lag).
        run.env().drRegion().ifPresent(dr -> Wait.forThe("a replication pass that started after the attacker's listing")
                .atMost(Duration.ofSeconds(120)).pollEvery(Duration.ofMillis(100))
                .until(() -> {
                    Duration lag = dr.replicator().lag();
                    return lag != null && lag.toNanos() < System.nanoTime() - listedAt;
                }));
        run.fault("half of the " + keys.size() + " objects deleted, a quarter overwritten", () -> {
            long deleted = 0, overwritten = 0;
            List<String> hit = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (i % 2 == 0) {
                    run.faults().deleteObject(bucket, keys.get(i));
                    hit.add(keys.get(i));
                    deleted++;
                } else if (i % 4 == 1) {
                    byte[] junk = new byte[64]; // "encrypted": other bytes, other size
                    ThreadLocalRandom.current().nextBytes(junk);
                    run.faults().overwriteObject(bucket, keys.get(i), junk);
                    hit.add(keys.get(i));
                    overwritten++;
                }
            }
            run.env().drRegion().ifPresent(dr -> {
                run.measure("replicationMaxLagMs", dr.replicator().maxLag().toMillis());
                // an object the replica never received (younger than the lag, or collected by the
                // app's GC before a pass reached it) cannot come back; the consistency check says
                // whether any row still pointed at one
                run.measure("objectsHitUnreplicated", hit.stream().filter(k -> Buckets.etag(store.client(), dr.appBucket(), k) == null).count());
            });
            run.measure("objectsDeleted", deleted);
            run.measure("objectsOverwritten", overwritten);
        });
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("objects missing or altered in the app bucket", Duration.ofSeconds(60), () ->
                !RestoredState.consistency(run.env().endpoint().cluster(), run.env().objectStore(), run.env().endpoint().bucket(), true).valid());
        Runbook.fence(run);
        if (replica) {
            String from = run.env().drRegion().orElseThrow().appBucket();
            run.env().recovery().restoreObjects(from, run.env().endpoint().bucket(), run);
        } else {
            run.note("no replica and no versions: nothing to restore the objects from");
        }
        Runbook.verify(run, run.env().endpoint().cluster());
        run.switchover(run.env().endpoint().cluster());
        return Expectation.latest(run.faultAt(), run.resumedAt());
    }
}
