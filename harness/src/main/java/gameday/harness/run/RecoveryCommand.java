package gameday.harness.run;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.Recovery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The team's runbook run as the {@link Recovery}: instead of the harness's own procedure, the
 * command given with {@code --recovery-command} restores, and then tells the harness where the
 * recovered service is (the {@link Site}'s switchover contract). The harness measures and judges
 * it exactly as its own procedure. Its time is the RTO's {@code runbook} phase; each line
 * {@code gameday-phase: NAME} it prints starts a phase {@code runbook/NAME}.
 * <p>
 * It runs as {@code sh FILE} in its own process group ({@code setsid}), as the service user when we
 * are root (its pg_ctl and barman calls would be refused as root), with the user's working
 * directory. Credentials reach it only through its environment; its output goes to its own log
 * with every credential masked. A timeout kills its process group and whatever server it started.
 */
public final class RecoveryCommand implements Recovery {
    /** The placeholders of a command line; each is replaced by its value in single quotes. */
    public static final List<String> PLACEHOLDERS = List.of("mode", "targetTime", "switchoverFile");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\s]*)}");
    static final Pattern PHASE = Pattern.compile("^gameday-phase:\\s*(\\S.*?)\\s*$");
    private static final int NOTED_LINES = 200;

    /**
     * A command line as the user gave it, checked.
     *
     * @param template the command line with placeholders, its first word made absolute
     * @param workDir  where it runs (the user's working directory)
     * @param timeout  how long it may take; null: the scenario's RTO target × 2
     */
    public record Spec(String template, Path workDir, Duration timeout) {
        /** Checks {@code line} the way the CLI must before anything is built; throws one line for bad input. */
        public static Spec parse(String line, Path workDir, Duration timeout) {
            if (line == null || line.isBlank()) throw new GameDayException("--recovery-command is empty");
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find())
                if (!PLACEHOLDERS.contains(m.group(1)))
                    throw new GameDayException("--recovery-command: unknown placeholder {" + m.group(1) + "}; known: {mode}, {targetTime}, {switchoverFile}");
            String trimmed = line.strip();
            String first = trimmed.split("\\s+", 2)[0];
            Path exe = executable(first, workDir).orElseThrow(() -> new GameDayException("--recovery-command: '" + first
                    + "' is not an executable file" + (first.contains("/") ? " (relative to " + workDir + ")" : " on PATH")));
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) throw new GameDayException("--recovery-timeout must be positive");
            String rest = trimmed.substring(first.length());
            return new Spec((first.contains("/") ? quote(exe.toString()) : first) + rest, workDir, timeout);
        }

        private static Optional<Path> executable(String word, Path workDir) {
            if (word.contains("/")) {
                Path p = workDir.resolve(word).toAbsolutePath().normalize();
                return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, word);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            }
            return Optional.empty();
        }
    }

    /** What an environment offers a team's command, and how it reads where the command pointed the service. */
    public interface Site {
        /**
         * Prepares run {@code n} of the command (a fresh data directory, a port, a work directory)
         * and returns its environment: {@code GAMEDAY_SWITCHOVER_FILE}, the object store, the
         * credentials and what the substrate adds.
         */
        Map<String, String> prepare(int n);

        /** Where run {@code n} runs its files (the command file, the switchover file); the service user can write it. */
        Path workDir(int n);

        /** Where the command's log goes. */
        Path logDir();

        /** Wraps the command so it runs as the service user. */
        List<String> wrap(List<String> command);

        /** Where the application's service points after run {@code n}; empty when the command did not switch it over. */
        Optional<DatabaseCluster> switchedTo(int n);

        /** Stops what run {@code n} started and left (a server it started, once its process group is killed). */
        void reap(int n);

        /** Values that must never reach a log or the journal. */
        Collection<String> secrets();
    }

    private final Spec spec;
    private final Site site;
    private final Duration timeout;
    private int runs;

    public RecoveryCommand(Spec spec, Site site, Duration timeout) {
        this.spec = spec;
        this.site = site;
        this.timeout = timeout;
    }

    /** True once the command was run: a scenario whose recovery is not a restore never runs it. */
    public boolean ran() {
        return runs > 0;
    }

    @Override
    public DatabaseCluster pitr(Instant target, Phases phases) {
        return run("pitr", target, phases);
    }

    @Override
    public DatabaseCluster latest(Phases phases) {
        return run("latest", null, phases);
    }

    @Override
    public DatabaseCluster fullRebuild(Phases phases) {
        return run("full-rebuild", null, phases);
    }

    @Override
    public DatabaseCluster promoteStandby(DatabaseCluster standby, Phases phases) {
        throw notARestore("promotes a standby");
    }

    @Override
    public long restoreObjects(String replica, String bucket, Phases phases) {
        throw notARestore("copies objects back from a replica bucket");
    }

    private static GameDayException notARestore(String what) {
        return new GameDayException("--recovery-command runs the restore modes (pitr, latest, full-rebuild); this scenario's recovery "
                + what + ", which it does not cover: run it without --recovery-command");
    }

    private DatabaseCluster run(String mode, Instant target, Phases phases) {
        int n = ++runs;
        Map<String, String> env = new LinkedHashMap<>(site.prepare(n));
        String targetTime = target == null ? "" : target.toString(); // RFC 3339 in UTC, to the microsecond PostgreSQL keeps
        env.put("GAMEDAY_MODE", mode);
        env.put("GAMEDAY_TARGET_TIME", targetTime);
        String line = substitute(spec.template(), Map.of("mode", mode, "targetTime", targetTime, "switchoverFile", env.get("GAMEDAY_SWITCHOVER_FILE")));
        Path log = site.logDir().resolve("runbook-" + n + ".log");
        Process p;
        try {
            // a file, not sh -c: sh stays the parent of the command, and its path (which holds the run
            // id) lets the Reaper find it after a hard kill of the harness
            Path file = site.workDir(n).resolve("command.sh");
            Files.writeString(file, line + "\n");
            file.toFile().setReadable(true, false);
            Files.writeString(log, "$ " + mask(line) + "\n");
            List<String> cmd = site.wrap(List.of("setsid", "--wait", "sh", file.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.workDir().toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            throw new GameDayException("cannot start the recovery command: " + e.getMessage());
        }
        phases.note("runbook (mode " + mode + (target == null ? "" : ", target " + targetTime) + "): " + mask(line));
        BlockingQueue<Optional<String>> events = new LinkedBlockingQueue<>(); // a phase name, or empty: it exited
        Thread reader = new Thread(() -> copyOutput(p, log, events, phases), "runbook-output");
        reader.setDaemon(true); // a server the command started may hold its output open for ever
        reader.start();
        Thread exit = new Thread(() -> {
            try {
                p.waitFor();
                reader.join(1_000); // its last lines before the exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(Optional.empty());
        }, "runbook-exit");
        exit.setDaemon(true);
        exit.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        String phase = "runbook";
        try {
            while (phase != null) {
                phase = phases.phase(phase, () -> {
                    Optional<String> e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (e == null) {
                        kill(p, n);
                        throw new GameDayException("the recovery command did not finish within " + timeout.toSeconds() + " s; killed (log: " + log + ")");
                    }
                    if (e.isPresent()) return "runbook/" + e.get();
                    if (p.exitValue() != 0)
                        throw new GameDayException("the recovery command exited with code " + p.exitValue() + ": " + lastLine(log) + " (log: " + log + ")");
                    return null;
                });
            }
        } finally {
            if (p.isAlive()) kill(p, n);
        }
        DatabaseCluster c = site.switchedTo(n).orElseThrow(() -> new GameDayException("the service was never switched over: the recovery command (mode "
                + mode + ") exited 0 without pointing the application's service at a recovered cluster (log: " + log + ")"));
        phases.note("the runbook switched the service over to " + c.name());
        return c;
    }

    /** Copies the command's output to its log, masked; notes its first lines and queues its phase markers. */
    private void copyOutput(Process p, Path log, BlockingQueue<Optional<String>> events, Phases phases) {
        int lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardOpenOption.APPEND)) {
            for (String l; (l = in.readLine()) != null; ) {
                String masked = mask(l);
                out.write(masked + "\n");
                out.flush();
                Matcher m = PHASE.matcher(masked);
                if (m.matches()) events.add(Optional.of(m.group(1)));
                else if (++lines <= NOTED_LINES) phases.note("runbook| " + masked);
                else if (lines == NOTED_LINES + 1) phases.note("runbook| … (the rest is in " + log + ")");
            }
        } catch (IOException e) {
            // the process is gone or the log unwritable: the exit code still tells
        }
    }

    /** Kills the command's process group, anything it left below it, and a server it started. */
    private void kill(Process p, int n) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall back to the descendants below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        // report only once they are gone: "nothing left running" is part of what a timeout promises
        gameday.harness.wait.Wait.forThe("the recovery command's processes to exit after kill").atMost(Duration.ofSeconds(30))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        site.reap(n);
    }

    String mask(String s) {
        for (String secret : site.secrets()) if (secret != null && !secret.isEmpty()) s = s.replace(secret, "***");
        return s;
    }

    static String substitute(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(quote(values.get(m.group(1)))));
        m.appendTail(b);
        return b.toString();
    }

    /** A word for sh: single quotes, each ' inside written as '\''. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String lastLine(Path log) {
        try {
            List<String> l = new ArrayList<>(Files.readAllLines(log));
            l.removeIf(String::isBlank);
            return l.size() <= 1 ? "(no output)" : l.get(l.size() - 1).strip();
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }
}
