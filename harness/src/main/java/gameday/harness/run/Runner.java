package gameday.harness.run;

import gameday.harness.Environment;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.Substrate;

import gameday.harness.check.Checker;
import gameday.harness.check.ConsistencyChecker;
import gameday.harness.check.Expectation;
import gameday.harness.check.RpoChecker;
import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.wait.Wait;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import gameday.harness.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs scenarios one after another, each in a fresh environment, into one run directory with
 * one journal. One scenario's failure does not stop the rest. The verdict of each comes only
 * from the history and the restored state, compared with its targets.
 */
public final class Runner {
    private final Substrate substrate;
    private final Path runDir;
    private final String runId;
    private final Map<String, Targets> targets;
    private final Progress progress;
    private final Journal journal;
    private java.util.function.Supplier<RunClock> clocks = RunClock::new;
    private RecoveryCommand.Spec command; // the team's runbook instead of the built-in recovery, or null
    private final Teardown teardown = new Teardown();
    private int parallel = 1;
    private java.util.function.UnaryOperator<EnvironmentSpec> specOverride = java.util.function.UnaryOperator.identity();

    /** @param runsRoot absolute: child processes run in other directories, so a relative path would mean nothing to them */
    public Runner(Substrate substrate, Path runsRoot, Map<String, Targets> targets, Progress progress) {
        this.substrate = substrate;
        this.targets = targets;
        this.progress = progress;
        this.journal = open(runsRoot, substrate.name());
        this.runId = journal.runId;
        this.runDir = journal.file().getParent();
    }

    /**
     * A new run directory under {@code runsRoot} with its journal and the host's facts; a crashed
     * earlier run is reaped first. Game days and drills start a run the same way.
     */
    public static Journal open(Path runsRoot, String substrate) {
        if (!runsRoot.isAbsolute()) throw new IllegalArgumentException("runs directory must be absolute, was " + runsRoot);
        Reaper.reap(runsRoot); // a crashed earlier run is cleaned up by the next one
        String runId = RunId.next();
        Path runDir;
        try {
            runDir = Files.createDirectories(runsRoot.resolve(runId)).normalize();
        } catch (Exception e) {
            throw new GameDayException("cannot create the run directory under " + runsRoot + ": " + e.getMessage()
                    + " (choose another with --runs-dir)");
        }
        Journal journal = Journal.create(runDir, runId, substrate);
        journal.environment.putAll(hostFacts());
        journal.save();
        return journal;
    }

    /** The harness's clock for each scenario; a test gives a skewed one to prove nothing depends on its wall time. */
    public Runner withClock(java.util.function.Supplier<RunClock> clocks) {
        this.clocks = clocks;
        return this;
    }

    /** Runs the team's command as every scenario's recovery ({@code --recovery-command}). */
    public Runner withRecoveryCommand(RecoveryCommand.Spec command) {
        this.command = command;
        return this;
    }

    public Path runDir() {
        return runDir;
    }

    public Journal journal() {
        return journal;
    }

    /**
     * Runs {@code n} scenarios at once in {@link #runAll}, each in its own environment. Figures
     * measured under that contention are not serial figures: the journal records N and the load.
     */
    public Runner parallel(int n) {
        if (n < 1) throw new IllegalArgumentException("parallel must be >= 1, was " + n);
        this.parallel = n;
        return this;
    }

    /** Changes what every scenario's environment is built with, e.g. the backup options given on the command line. */
    public Runner environments(java.util.function.UnaryOperator<EnvironmentSpec> override) {
        this.specOverride = override;
        return this;
    }

    public List<ScenarioRecord> runAll(List<Scenario> scenarios) {
        List<ScenarioRecord> out = new ArrayList<>();
        synchronized (journal) {
            journal.environment.put("parallel", parallel);
            journal.environment.put("loadAverageAtStart", HostLoad.now());
        }
        try {
            if (parallel == 1) {
                for (Scenario s : scenarios) out.add(run(s));
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(parallel);
                try {
                    List<Future<ScenarioRecord>> futures = new ArrayList<>();
                    for (Scenario s : scenarios) futures.add(pool.submit(() -> run(s)));
                    for (Future<ScenarioRecord> f : futures) out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GameDayException("interrupted while running scenarios");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new GameDayException("a scenario thread failed: " + e.getCause(), e.getCause());
                } finally {
                    pool.shutdownNow();
                }
            }
        } finally {
            teardown.awaitAll(); // nothing this run started outlives it
            synchronized (journal) {
                journal.environment.put("loadAverageAtEnd", HostLoad.now());
            }
            journal.finish("completed");
        }
        return out;
    }

    public ScenarioRecord run(Scenario scenario) {
        Scenario.Info info = scenario.info();
        ScenarioRecord record = journal.scenario(info.name(), info.summary());
        Targets t = targets.getOrDefault(info.name(), Targets.NONE);
        synchronized (journal) {
            record.targets = t.toJournal();
            record.expectedVerdict = info.expected().json();
            // RTO measured beside other game days is not the serial figure: say so next to it
            record.measurements.put("concurrency", Map.of("parallel", parallel, "loadAverageAtStart", HostLoad.now()));
        }
        progress.scenarioStarted(info.name());
        Path dir = runDir.resolve(info.name());
        Environment env = null;
        Workload workload = null;
        History history = null;
        ScenarioRun run = null;
        try {
            // a pair the CLI refused already; here for every other caller, still before anything is built
            substrate.support().refusal(info, substrate.name()).ifPresent(why -> {
                throw new GameDayException(why);
            });
            Files.createDirectories(dir);
            history = new History(dir.resolve("history.jsonl"), clocks.get());
            long t0 = history.clock().now();
            progress.phaseStarted(info.name(), "provision");
            env = substrate.create(runId, dir.resolve("env"), specOverride.apply(scenario.environment()), progress);
            if (command != null) env = withCommand(env, t, record);
            workload = new Workload(env.endpoint(), env.objectStore(), history, scenario.workload());
            run = new ScenarioRun(info.name(), env, workload, journal, record, progress, t0);
            run.recordPhase("provision", t0, history.clock().now());
            synchronized (journal) {
                record.measurements.put("environment", env.facts());
            }
            steadyState(run, scenario);
            scenario.inject(run);
            Expectation expected = scenario.recover(run);
            if (env instanceof CommandEnvironment ce && !ce.command().ran())
                throw new GameDayException("--recovery-command was never run: the recovery of " + info.name() + " is not a restore");
            if (run.restoredAt() < 0) throw new GameDayException("the recovery procedure ended without a switchover");
            long since = run.restoredAt();
            History h = history;
            run.phase("post-recovery-writes", () -> Wait.forThe("20 writes acknowledged on the recovered service")
                    .atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(100))
                    .until(() -> h.ops().stream().filter(o -> o.ok() && o.invoke() >= since).count() >= 20));
            workload.stop();
            check(run, record, t, expected);
            synchronized (journal) {
                record.status = "completed";
            }
        } catch (Exception e) {
            synchronized (journal) {
                record.status = "failed";
                record.error = e instanceof GameDayException ? e.getMessage() : e.toString();
                record.checks.add(Verdict.unknown("procedure", "the game day did not finish: " + record.error));
            }
        } finally {
            long t0 = System.nanoTime();
            if (workload != null) workload.stop();
            if (history != null) history.close();
            synchronized (journal) {
                record.finished = Instant.now();
                record.verdict = overall(record).json();
                record.measurements.put("teardownCriticalPathMs", (System.nanoTime() - t0) / 1_000_000);
                journal.save();
            }
            progress.scenarioFinished(info.name(), record.verdict);
            // servers and the S3 server stop while the next scenario provisions; runAll waits for them
            if (env != null) teardown.close(env, record, journal);
        }
        return record;
    }

    /** The environment with the team's command as its recovery; its timeout defaults to the RTO target × 2. */
    private Environment withCommand(Environment env, Targets t, ScenarioRecord record) {
        RecoveryCommand.Site site = env.commandSite().orElseThrow(() -> new GameDayException(
                "--recovery-command is not supported on --substrate " + substrate.name() + " yet"));
        Duration timeout = command.timeout() != null ? command.timeout() : t.rto() != null ? t.rto().multipliedBy(2) : Duration.ofHours(1);
        synchronized (journal) {
            record.measurements.put("recoveryCommand", command.template());
            record.measurements.put("recoveryTimeoutMs", timeout.toMillis());
        }
        return new CommandEnvironment(env, new RecoveryCommand(command, site, timeout));
    }

    private static void steadyState(ScenarioRun run, Scenario scenario) {
        run.phase("steady-state", () -> {
            Environment env = run.env();
            try (Connection c = env.primary().connect()) {
                Workload.applySchema(c);
            }
            run.workload().start();
            // a clone of the golden steady state brings its base backup and archived WAL in its own bucket
            var cloned = env.clonedBaseBackup();
            String backup = cloned.isPresent() ? cloned.get() : env.primary().backup(Duration.ofMinutes(10));
            run.note("base backup " + backup + (cloned.isPresent() ? " cloned with the golden steady state" : " taken"));
            SteadyState.hold(run, scenario.steadyState()); // if it does not hold, no fault is injected
            String seg = env.primary().switchWalAndAwaitArchived(Duration.ofSeconds(60));
            run.note("archiving healthy: " + seg + " archived");
        });
    }

    private void check(ScenarioRun run, ScenarioRecord record, Targets t, Expectation expected) throws Exception {
        run.phase("check", () -> {
            long rtoMs = (run.restoredAt() - run.faultAt()) / 1_000_000;
            List<Op> ops = run.history().ops();
            List<Verdict> verdicts = Checker.runAll(checkers(t), new Checker.Context(ops, run.env(), expected, rtoMs, List.of()));
            Verdict rpo = verdicts.stream().filter(v -> v.checker().equals(RpoChecker.NAME)).findFirst().orElseThrow();
            synchronized (journal) {
                record.measurements.put("rtoMs", rtoMs);
                // a figure the rpo check could not measure is left out, never written as a number
                for (String k : List.of("rpoCount", "rpoTimeMs", "givenUp", "lostUndurable")) // givenUp: the price of a PITR
                    rpo.figure(k).ifPresent(v -> record.measurements.put(k, v));
                // rowsRestored/objectsRestored are counted at verify, before these writes
                long since = run.resumedAt();
                record.measurements.put("postRecoveryWrites", ops.stream().filter(o -> o.ok() && o.invoke() >= since).count());
                record.checks.addAll(verdicts);
            }
        });
    }

    /** The checks of every scenario, in the order they run: the targets read the figures of the first two. */
    static List<Checker> checkers(Targets t) {
        return List.of(RpoChecker.CHECKER, ConsistencyChecker.CHECKER, new TargetsChecker(t));
    }

    static Verdict.Validity overall(ScenarioRecord r) {
        return Verdict.overall(r.checks, "completed".equals(r.status));
    }

    public static Map<String, Object> hostFacts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("host", System.getenv().getOrDefault("HOSTNAME", "localhost"));
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        f.put("cores", Runtime.getRuntime().availableProcessors());
        f.put("memoryGiB", Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1073741824.0));
        f.put("java", System.getProperty("java.version"));
        return f;
    }
}
