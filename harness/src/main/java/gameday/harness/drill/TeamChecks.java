package gameday.harness.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gameday.harness.GameDayException;
import gameday.harness.check.Verdict;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The team's own checks ({@code --check FILE}): named SQL queries, each with an expectation on
 * the first column of its first row, run against one database of the restored server. A failed
 * expectation makes the drill invalid and names the query.
 * <pre>
 * database: app            # optional; CloudNativePG's default application database
 * checks:
 *   - name: orders-present
 *     sql: SELECT count(*) FROM orders
 *     min: 1               # or max: N, or equals: N / 'text'
 * </pre>
 */
public record TeamChecks(String database, List<Query> queries) {
    public static final String NAME = "team-checks";
    public static final String DEFAULT_DATABASE = "app";

    public record Query(String name, String sql, JsonNode equals, BigDecimal min, BigDecimal max) {}

    private static final Set<String> QUERY_KEYS = Set.of("name", "sql", "equals", "min", "max");

    /** Reads and validates the file; anything malformed is one line naming the file and the problem. */
    public static TeamChecks load(Path file, String databaseOverride) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (Exception e) {
            throw new GameDayException("cannot read --check file " + file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject() || !root.path("checks").isArray() || root.path("checks").isEmpty())
            throw bad(file, "it needs a non-empty list 'checks' of {name, sql, equals|min|max}");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("database", "checks").contains(k)) throw bad(file, "unknown key '" + k + "' (use database, checks)");
        }
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : root.path("checks")) {
            String name = q.path("name").asText("");
            if (!q.isObject() || name.isBlank()) throw bad(file, "every check needs a name");
            for (Iterator<String> it = q.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!QUERY_KEYS.contains(k)) throw bad(file, "check '" + name + "' has an unknown key '" + k + "' (use name, sql, equals, min, max)");
            }
            if (!q.path("sql").isTextual() || q.path("sql").asText().isBlank()) throw bad(file, "check '" + name + "' has no sql");
            if (!q.has("equals") && !q.has("min") && !q.has("max")) throw bad(file, "check '" + name + "' has no expectation (equals, min or max)");
            queries.add(new Query(name, q.path("sql").asText(), q.get("equals"), number(file, name, q, "min"), number(file, name, q, "max")));
        }
        String db = databaseOverride != null ? databaseOverride : root.path("database").asText(DEFAULT_DATABASE);
        return new TeamChecks(db, List.copyOf(queries));
    }

    private static BigDecimal number(Path file, String name, JsonNode q, String key) {
        if (!q.has(key)) return null;
        if (!q.get(key).isNumber()) throw bad(file, "check '" + name + "': " + key + " must be a number");
        return q.get(key).decimalValue();
    }

    private static GameDayException bad(Path file, String why) {
        return new GameDayException("--check file " + file + " is malformed: " + why);
    }

    /** Runs every query; one that fails to run is a problem too, named. */
    public Verdict run(Connection c) {
        Map<String, Object> f = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Object> results = new LinkedHashMap<>();
        for (Query q : queries) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.sql())) {
                String got = rs.next() ? rs.getString(1) : null;
                results.put(q.name(), got);
                String why = unmet(q, got);
                if (why != null) problems.add("check '" + q.name() + "' failed: " + why);
            } catch (Exception e) {
                results.put(q.name(), "error");
                problems.add("check '" + q.name() + "' could not run: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        f.put("database", database);
        f.put("queries", queries.size());
        f.put("results", results);
        return Verdict.of(NAME, f, problems);
    }

    static String unmet(Query q, String got) {
        if (got == null) return "no value (no row or NULL)";
        if (q.equals() != null) {
            boolean same = q.equals().isNumber() ? isNumber(got) && new BigDecimal(got).compareTo(q.equals().decimalValue()) == 0 : got.equals(q.equals().asText());
            if (!same) return "got " + got + ", expected " + q.equals().asText();
        }
        if (q.min() != null || q.max() != null) {
            if (!isNumber(got)) return "got '" + got + "', not a number";
            BigDecimal v = new BigDecimal(got);
            if (q.min() != null && v.compareTo(q.min()) < 0) return "got " + got + ", expected at least " + q.min().toPlainString();
            if (q.max() != null && v.compareTo(q.max()) > 0) return "got " + got + ", expected at most " + q.max().toPlainString();
        }
        return null;
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
