package gameday.harness.local;

import gameday.harness.GameDayException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts every external process of an environment: each gets its own log file under the
 * run's log directory, each foreground command has a timeout, and every background process is
 * killed on close, so nothing outlives the run.
 */
public final class Processes implements AutoCloseable {
    private final Path logDir;
    private final ServiceUser user;
    private final Map<String, String> env;
    private final List<Process> background = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param env extra environment for every command (credentials go here, never on a command line) */
    public Processes(Path logDir, ServiceUser user, Map<String, String> env) throws IOException {
        // every command runs with logDir as its working directory: a relative path would resolve twice
        if (!logDir.isAbsolute()) throw new IllegalArgumentException("log directory must be absolute, was " + logDir);
        this.logDir = Files.createDirectories(logDir);
        this.user = user;
        this.env = env;
    }

    public ServiceUser user() {
        return user;
    }

    public Path logDir() {
        return logDir;
    }

    private ProcessBuilder builder(String name, List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(user.wrap(command));
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(logDir.toFile());
        return pb;
    }

    private Path logFor(String name) {
        return logDir.resolve(String.format("%03d-%s.log", seq.incrementAndGet(), name));
    }

    /** Runs a command to completion and returns its standard output; fails with the log's tail. */
    public String run(String name, List<String> command, Duration timeout) {
        Path log = logFor(name);
        Path out = log.resolveSibling(log.getFileName() + ".out");
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n");
            ProcessBuilder pb = builder(name, command, log).redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new GameDayException(name + " did not finish within " + timeout.toSeconds() + " s (log: " + log + ")");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new GameDayException(name + " failed with exit code " + p.exitValue() + ": " + tail(log) + " (log: " + log + ")");
            }
            return stdout;
        } catch (IOException e) {
            throw new GameDayException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GameDayException("interrupted while running " + name);
        }
    }

    /** Starts a long-running process (a server); its output goes to its own log. */
    public Process start(String name, List<String> command) {
        Path log = logFor(name);
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n");
            Process p = builder(name, command, log).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            synchronized (background) {
                background.add(p);
            }
            logs.put(p, log);
            return p;
        } catch (IOException e) {
            throw new GameDayException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The first line a command prints (a tool's --version), or "unknown"; run without any environment's credentials. */
    public static String firstLine(String... cmd) {
        return firstLine(Duration.ofSeconds(20), cmd);
    }

    /**
     * As {@link #firstLine(String...)}, giving up after {@code timeout}. The output goes to a file,
     * not a pipe: reading a pipe to its end would wait for a hung tool (or a grandchild holding
     * the pipe) for ever, whatever the timeout.
     */
    public static String firstLine(Duration timeout, String... cmd) {
        Path out = null;
        try {
            out = Files.createTempFile("gameday-firstline", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "unknown";
            }
            String text = Files.readString(out).trim();
            return p.exitValue() == 0 ? text.lines().findFirst().orElse("unknown") : "unknown";
        } catch (Exception e) {
            return "unknown";
        } finally {
            if (out != null) out.toFile().delete();
        }
    }

    /** The log file of a process started here. */
    public Path logOf(Process p) {
        return logs.get(p);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank() && !l.startsWith("$ ")).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    @Override
    public void close() {
        synchronized (background) {
            for (Process p : background) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : background) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            background.clear();
        }
    }
}
