package gameday.harness.drill;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill's evidence, for an auditor: what was restored, from where (never a credential), onto
 * what, when and with which tool, and every check. The requirement table says which figure is
 * evidence toward which clause; it is evidence, not a claim of compliance. The SHA-256 of the
 * journal is added by the reports, which read the finished file.
 */
final class Evidence {
    static final String DISCLAIMER = "These figures are evidence toward the requirements named; they are not a statement of compliance, "
            + "which only an assessment of the whole control can make.";

    private Evidence() {}

    static Map<String, Object> of(Journal j, DrillOptions o, ArchiveCheck check) {
        Map<String, Object> e = new LinkedHashMap<>();
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("endpointHost", o.source().endpointHost());
        from.put("destinationPath", o.source().destinationPath());
        from.put("serverName", o.source().serverName());
        from.put("access", "list and get only; credentials from the AWS environment/profile chain, not recorded");
        e.put("from", from);
        List<Map<String, Object>> restored = new ArrayList<>();
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ScenarioRecord s : j.scenarios) {
            for (Verdict v : s.checks) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("record", s.name);
                c.put("check", v.checker());
                c.put("verdict", v.validity().json());
                if (!v.reasons().isEmpty()) c.put("reasons", v.reasons());
                checks.add(c);
            }
            if (s.measurements.get("backupId") == null) continue;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("record", s.name);
            String id = String.valueOf(s.measurements.get("backupId"));
            check.chains().stream().filter(c -> c.backup().id().equals(id)).findFirst().ifPresent(c -> {
                r.put("backupId", id);
                r.put("beginLsn", c.backup().beginLsn());
                r.put("endLsn", c.backup().endLsn());
                r.put("timeline", c.backup().timeline());
                r.put("backupEnd", String.valueOf(c.backup().end()));
                r.put("storedBytes", c.backup().storedBytes());
                r.put("postgresVersion", c.backup().version());
            });
            for (String k : List.of("target", "rtoMs", "baseBackupBytes", "walSegmentsRestored", "restoreBaseMBps"))
                if (s.measurements.containsKey(k)) r.put(k, s.measurements.get(k));
            s.checks.stream().filter(v -> v.checker().equals("recovery-point")).findFirst()
                    .ifPresent(v -> r.put("recoveryPointReached", v.figures().get("lastReplayedCommit")));
            r.put("verdict", s.verdict);
            restored.add(r);
        }
        e.put("restored", restored);
        Object onto = j.environment.get("restoredOnto");
        e.put("onto", onto == null ? Map.of("note", "nothing was restored") : onto);
        Map<String, Object> when = new LinkedHashMap<>();
        when.put("started", String.valueOf(j.started));
        when.put("evidenceWritten", Instant.now().toString());
        e.put("when", when);
        e.put("tool", "gameday " + version());
        e.put("checks", checks);
        e.put("requirements", requirements());
        e.put("disclaimer", DISCLAIMER);
        return e;
    }

    static String version() {
        String v = Drill.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Which figure of this report is evidence toward which clause. */
    static List<Map<String, String>> requirements() {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(row("DORA Art. 12(2)", "periodic testing of backup restoration",
                "the date of this drill, the backup restored and the verdict of each restore; the RTO with its phases; the trend across drills"));
        rows.add(row("DORA Art. 12(3)", "restoring onto systems segregated from the source",
                "'onto': a disposable server on this host (loopback, random port, archive_mode=off, fetch-only restore_command, removed afterwards); "
                        + "the source was only listed and read"));
        rows.add(row("DORA Art. 12(7)", "reconciliation of data between systems after restore",
                "the database ↔ bucket reconciliation (rows, objects, dangling, corrupt, orphan) and the team's checks"));
        rows.add(row("SOC 2 A1.3", "testing of recovery, integrity and completeness of backup data",
                "the archive check (every backup's files, the WAL chain and its gaps), the recovery point reached against the target, "
                        + "pg_checksums over every page, amcheck when run"));
        rows.add(row("ISO/IEC 27001:2022 A.8.13", "backups regularly tested",
                "the date and tool version of this drill, the backups it restored, and the trend of drills in the report"));
        return rows;
    }

    private static Map<String, String> row(String clause, String asks, String figures) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("requirement", clause);
        m.put("asks", asks);
        m.put("evidence", figures);
        return m;
    }
}
