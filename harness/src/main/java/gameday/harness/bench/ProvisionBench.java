package gameday.harness.bench;

import gameday.harness.EnvironmentSpec;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalEnvironment;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Time to a ready environment (S3 server, buckets, a primary accepting connections with
 * archive_command set), from the cached template and from initdb; and then the time until
 * its first segment is in the archive, which barman-cloud-wal-archive's start-up dominates.
 */
final class ProvisionBench {
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    ProvisionBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    void run() throws Exception {
        EnvironmentSpec template = EnvironmentSpec.DEFAULT.withGoldenSteadyState(false);
        provision("warm-up", EnvironmentSpec.DEFAULT, false); // builds the template and the golden steady state once, warms the JIT: not a sample
        for (int i = 1; i <= o.repeats(); i++) {
            log.accept("provision, repeat " + i);
            rec.add("provision.golden.seconds", "s", provision("golden-" + i, EnvironmentSpec.DEFAULT, false));
            rec.add("provision.template.seconds", "s", provision("template-" + i, template, true));
            rec.add("provision.initdb.seconds", "s", provision("initdb-" + i, template.withClusterTemplate(false), false));
        }
        rec.compare("provision.golden.seconds", "provision.template.seconds");
        rec.note("provision.golden.seconds", "S3 server + buckets + the golden steady state's bucket files and primary copied, started, own password set");
        rec.compare("provision.template.seconds", "provision.initdb.seconds", "provision.firstSegmentArchived.seconds");
        rec.compare("provision.cluster.template.seconds", "provision.cluster.initdb.seconds");
        rec.note("provision.cluster.template.seconds", "one more primary in a running environment: clone, start, ALTER ROLE; no S3 server");
        rec.note("provision.template.seconds", "S3 server + buckets + primary cloned from the template, started, own password set");
    }

    private double provision(String name, EnvironmentSpec spec, boolean archive) throws Exception {
        long t0 = System.nanoTime();
        try (LocalEnvironment env = LocalBench.create(o.workDir().resolve("provision-" + name), spec)) {
            double s = RecoveryBench.secondsSince(t0);
            if (archive) {
                rec.add("provision.cluster.template.seconds", "s", LocalBench.newPrimarySeconds(env, "bench-clone", true));
                rec.add("provision.cluster.initdb.seconds", "s", LocalBench.newPrimarySeconds(env, "bench-initdb", false));
                long t1 = System.nanoTime();
                env.primary().switchWalAndAwaitArchived(Duration.ofSeconds(60));
                rec.add("provision.firstSegmentArchived.seconds", "s", RecoveryBench.secondsSince(t1));
            }
            return s;
        }
    }
}
