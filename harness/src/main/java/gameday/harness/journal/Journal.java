package gameday.harness.journal;

import gameday.harness.GameDayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single record of a run, and the contract between running and reporting. It is
 * rewritten atomically (temp file + rename) after every change, so a crash leaves a journal
 * that still reads, with status {@code running} until someone marks it {@code aborted}.
 * Schema: see README "Journal schema"; bump {@link #SCHEMA_VERSION} on any incompatible change.
 */
public final class Journal {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "journal.json";

    public int schemaVersion = SCHEMA_VERSION;
    public String runId;
    public String tool = "gameday";
    public String substrate;
    /** running | completed | aborted */
    public String status = "running";
    public Instant started;
    public Instant finished;
    /** Host, versions, sizes — never credentials. */
    public Map<String, Object> environment = new LinkedHashMap<>();
    public List<ScenarioRecord> scenarios = new ArrayList<>();
    /** A drill's evidence (what, from where, onto what, when, which checks); absent for game days. */
    public Map<String, Object> evidence;

    private transient Path file;

    public static Journal create(Path runDir, String runId, String substrate) {
        Journal j = new Journal();
        j.runId = runId;
        j.substrate = substrate;
        j.started = Instant.now();
        j.file = runDir.resolve(FILE);
        j.save();
        return j;
    }

    public synchronized ScenarioRecord scenario(String name, String summary) {
        ScenarioRecord s = new ScenarioRecord();
        s.name = name;
        s.summary = summary;
        s.started = Instant.now();
        scenarios.add(s);
        save();
        return s;
    }

    public synchronized void finish(String status) {
        this.status = status;
        this.finished = Instant.now();
        save();
    }

    public synchronized void save() {
        if (file == null) return;
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GameDayException("cannot write the journal " + file + ": " + e.getMessage());
        }
    }

    /** Reads a journal; refuses one whose schema version this build does not know. */
    public static Journal read(Path file) {
        Path f = Files.isDirectory(file) ? file.resolve(FILE) : file;
        Journal j;
        try {
            var tree = Json.MAPPER.readTree(f.toFile());
            if (tree == null || !tree.isObject()) throw new GameDayException(f + " is not a journal (empty or not a JSON object)");
            int v = tree.path("schemaVersion").asInt(-1);
            if (v != SCHEMA_VERSION)
                throw new GameDayException(f + " has journal schema version " + (v < 0 ? "(none)" : v) + "; this gameday reads version " + SCHEMA_VERSION);
            j = Json.MAPPER.treeToValue(tree, Journal.class);
        } catch (GameDayException e) {
            throw e;
        } catch (IOException e) {
            throw new GameDayException(f + " is not a readable journal (corrupt or truncated): " + e.getMessage().lines().findFirst().orElse(""));
        }
        j.file = f;
        return j;
    }

    public Path file() {
        return file;
    }
}
