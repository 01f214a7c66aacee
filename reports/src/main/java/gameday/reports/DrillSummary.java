package gameday.reports;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;

/** What a drill prints at its end: per record the verdict, the RTO with its phases, the recovery point, and every reason. */
public final class DrillSummary {
    private DrillSummary() {}

    public static String render(Journal j) {
        StringBuilder b = new StringBuilder();
        for (ScenarioRecord s : j.scenarios) {
            b.append(s.name).append(": ").append(ReportFormat.label(s));
            if (s.measurements.get("rtoMs") != null) b.append(", RTO ").append(TextSummary.millis(s.measurements.get("rtoMs")));
            b.append('\n');
            if (s.measurements.get("listMs") != null) b.append("  list ").append(TextSummary.millis(s.measurements.get("listMs")));
            for (ScenarioRecord.PhaseRecord p : s.phases) {
                if (p.endMs() == null) continue;
                b.append(s.measurements.get("listMs") != null || p != s.phases.get(0) ? ", " : "  ").append(p.name()).append(' ')
                        .append(TextSummary.millis(Math.round(p.endMs() - p.startMs())));
            }
            b.append('\n');
            for (String k : new String[] {"backupId", "target", "baseBackupBytes", "restoreBaseMBps", "walSegmentsRestored", "replaySegmentsPerSecond"})
                if (s.measurements.get(k) != null) b.append("  ").append(k).append(": ").append(s.measurements.get(k)).append('\n');
            for (Verdict v : s.checks) {
                b.append("  ").append(v.checker()).append(": ").append(v.validity().json());
                for (String k : new String[] {"lastReplayedCommit", "behindTargetMs", "newestBackupAgeS", "newestWalAgeS", "oldestRecoverable", "badChecksums"})
                    if (v.figures().get(k) != null) b.append(", ").append(k).append(' ').append(v.figures().get(k));
                b.append('\n');
                for (String r : v.reasons()) b.append("    - ").append(r).append('\n');
            }
            if (s.error != null) b.append("  error: ").append(s.error).append('\n');
        }
        return b.toString();
    }
}
