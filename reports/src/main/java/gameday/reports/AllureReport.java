package gameday.reports;

import gameday.harness.GameDayException;
import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.journal.ScenarioRecord.PhaseRecord;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A scenario as an Allure test: each phase a step (the events that happened in it and, for the
 * check phase, each checker as sub-steps), and the journal, the history and every process log
 * as attachments. The mapping is shared: {@link #write} produces allure-results for CLI runs,
 * and the JUnit scenario tests hand the same {@link #steps} and {@link #attachments} to
 * {@code io.qameta.allure.Allure}.
 */
public final class AllureReport {
    private AllureReport() {}

    /** Logs larger than this are attached by their tail. */
    static final int MAX_ATTACHMENT = 1 << 20;

    /** A file to attach, with its Allure name, MIME type and extension. */
    public record Attach(String name, String type, String ext, Path file) {
        /** The bytes to attach; a file over 1 MiB is cut to its last MiB, with a note saying so. */
        public byte[] content() throws IOException {
            long size = Files.size(file);
            if (size <= MAX_ATTACHMENT) return Files.readAllBytes(file);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                byte[] head = ("[gameday: the first " + (size - MAX_ATTACHMENT) + " bytes are cut; full file: " + file.getFileName() + "]\n")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[head.length + MAX_ATTACHMENT];
                System.arraycopy(head, 0, out, 0, head.length);
                f.seek(size - MAX_ATTACHMENT);
                f.readFully(out, head.length, MAX_ATTACHMENT);
                return out;
            }
        }

        public InputStream stream() throws IOException {
            return new ByteArrayInputStream(content());
        }
    }

    /** PASSED when valid, FAILED when a target or check failed, BROKEN when the procedure did not complete or the verdict is unknown. */
    public static Status status(Journal j, ScenarioRecord s) {
        if (s.asExpected()) return Status.PASSED;
        if (!"completed".equals(ReportFormat.status(j, s))) return Status.BROKEN;
        return switch (ReportFormat.verdict(s)) {
            case "valid" -> Status.PASSED;
            case "invalid" -> Status.FAILED;
            default -> Status.BROKEN;
        };
    }

    public static StatusDetails details(Journal j, ScenarioRecord s) {
        String reason = HtmlReport.reason(j, s);
        StringBuilder trace = new StringBuilder();
        for (Verdict c : s.checks) trace.append(c.checker()).append(": ").append(c.validity().json()).append(c.reasons().isEmpty() ? "" : " " + c.reasons()).append('\n');
        return new StatusDetails().setMessage(reason.isEmpty() ? "verdict " + ReportFormat.verdict(s) : reason).setTrace(trace.toString());
    }

    /**
     * One step per phase with wall-clock times derived from the scenario start; an event is a
     * sub-step of the phase it happened in, or a step of its own between phases (the fault).
     */
    public static List<StepResult> steps(ScenarioRecord s) {
        long base = s.started == null ? 0 : s.started.toEpochMilli();
        Long finished = s.finished == null ? null : s.finished.toEpochMilli();
        List<StepResult> steps = new ArrayList<>();
        List<StepResult> byPhase = new ArrayList<>();
        for (PhaseRecord p : s.phases) {
            StepResult step = new StepResult().setName(p.name()).setStage(Stage.FINISHED).setStart(base + Math.round(p.startMs()));
            if (p.endMs() == null) {
                step.setStatus(Status.BROKEN).setStop(finished).setStatusDetails(new StatusDetails().setMessage("phase " + p.name() + " did not finish"));
            } else {
                step.setStop(base + Math.round(p.endMs())).setStatus("ok".equals(p.status()) ? Status.PASSED : Status.BROKEN);
                if (p.detail() != null) step.setStatusDetails(new StatusDetails().setMessage(p.detail()));
                step.getParameters().add(new Parameter().setName("duration").setValue(ReportFormat.millis(Math.round(p.endMs() - p.startMs()))));
            }
            if (p.name().equals("check")) for (Verdict c : s.checks) step.getSteps().add(checkStep(c, step.getStop()));
            steps.add(step);
            byPhase.add(step);
        }
        for (ScenarioRecord.Event e : s.events) {
            StepResult ev = new StepResult().setName(e.message()).setStatus(Status.PASSED).setStage(Stage.FINISHED)
                    .setStart(base + Math.round(e.atMs())).setStop(base + Math.round(e.atMs()));
            StepResult in = null;
            for (int i = s.phases.size() - 1; i >= 0 && in == null; i--) {
                PhaseRecord p = s.phases.get(i);
                if (p.startMs() <= e.atMs() && (p.endMs() == null || e.atMs() <= p.endMs())) in = byPhase.get(i);
            }
            if (in != null) in.getSteps().add(ev);
            else steps.add(ev);
        }
        steps.sort(java.util.Comparator.comparing(StepResult::getStart, java.util.Comparator.nullsLast(Long::compare)));
        // checks outside a check phase (the procedure broke before it) still show up, last
        boolean checkPhase = s.phases.stream().anyMatch(p -> p.name().equals("check"));
        if (!checkPhase) for (Verdict c : s.checks) steps.add(checkStep(c, finished));
        return steps;
    }

    private static StepResult checkStep(Verdict c, Long at) {
        StepResult st = new StepResult().setName("check " + c.checker() + ": " + c.validity().json()).setStage(Stage.FINISHED).setStart(at).setStop(at)
                .setStatus(c.valid() ? Status.PASSED : c.validity() == Verdict.Validity.INVALID ? Status.FAILED : Status.BROKEN);
        if (!c.reasons().isEmpty()) st.setStatusDetails(new StatusDetails().setMessage(String.join("; ", c.reasons())));
        if (c.figures() != null) c.figures().forEach((k, v) -> st.getParameters().add(new Parameter().setName(k).setValue(String.valueOf(v))));
        return st;
    }

    /** The journal, the scenario's history and its process logs, those that exist. */
    public static List<Attach> attachments(Path runDir, ScenarioRecord s) {
        List<Attach> out = new ArrayList<>();
        Path journal = runDir.resolve(Journal.FILE);
        if (Files.isRegularFile(journal)) out.add(new Attach("journal.json", "application/json", "json", journal));
        Path dir = runDir.resolve(s.name);
        Path history = dir.resolve("history.jsonl");
        if (Files.isRegularFile(history)) out.add(new Attach("history.jsonl", "text/plain", "txt", history));
        Path logs = dir.resolve("env").resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> st = Files.list(logs)) {
                st.filter(Files::isRegularFile).sorted().forEach(f -> out.add(new Attach("log " + f.getFileName(), "text/plain", "txt", f)));
            } catch (IOException e) {
                throw new GameDayException("cannot list the logs in " + logs + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Writes one result per scenario (plus attachments and environment.properties) into {@code resultsDir}. */
    public static Path write(Journal j, Path runDir, Path resultsDir) throws IOException {
        Files.createDirectories(resultsDir);
        try (Stream<Path> old = Files.list(resultsDir)) { // a re-render replaces what an earlier render wrote
            for (Path f : old.toList()) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f) && (n.endsWith("-result.json") || n.contains("-attachment") || n.equals("environment.properties"))) Files.delete(f);
            }
        }
        FileSystemResultsWriter w = new FileSystemResultsWriter(resultsDir);
        int i = 0;
        for (ScenarioRecord s : j.scenarios) {
            String uuid = UUID.nameUUIDFromBytes((j.runId + "/" + s.name + "/" + i++).getBytes(StandardCharsets.UTF_8)).toString();
            String id = UUID.nameUUIDFromBytes(("gameday/" + s.name).getBytes(StandardCharsets.UTF_8)).toString();
            TestResult t = new TestResult().setUuid(uuid).setHistoryId(id).setTestCaseId(id).setName(s.name).setFullName("gameday." + s.name)
                    .setDescription(s.summary).setStatus(status(j, s)).setStatusDetails(details(j, s)).setStage(Stage.FINISHED)
                    .setStart(s.started == null ? null : s.started.toEpochMilli()).setStop(s.finished == null ? null : s.finished.toEpochMilli());
            t.getLabels().add(new Label().setName("suite").setValue("gameday"));
            t.getLabels().add(new Label().setName("feature").setValue("disaster recovery"));
            t.getLabels().add(new Label().setName("story").setValue(s.name));
            t.getLabels().add(new Label().setName("framework").setValue("gameday"));
            t.getLabels().add(new Label().setName("host").setValue(String.valueOf(j.environment.getOrDefault("host", "localhost"))));
            t.getLabels().add(new Label().setName("tag").setValue(String.valueOf(j.substrate)));
            t.getParameters().add(new Parameter().setName("run").setValue(j.runId));
            if (s.targets != null) s.targets.forEach((k, v) -> {
                if (!k.equals("source")) t.getParameters().add(new Parameter().setName("target " + k).setValue(String.valueOf(v)));
            });
            t.setSteps(steps(s));
            int a = 0;
            for (Attach at : attachments(runDir, s)) {
                String source = uuid + "-" + a++ + "-attachment." + at.ext();
                w.write(source, at.stream());
                t.getAttachments().add(new Attachment().setName(at.name()).setType(at.type()).setSource(source));
            }
            w.write(t);
        }
        Properties env = new Properties();
        env.setProperty("run", String.valueOf(j.runId));
        env.setProperty("substrate", String.valueOf(j.substrate));
        j.environment.forEach((k, v) -> env.setProperty(k, String.valueOf(v)));
        for (ScenarioRecord s : j.scenarios)
            if (s.measurements.get("environment") instanceof Map<?, ?> m) m.forEach((k, v) -> env.setProperty(String.valueOf(k), String.valueOf(v)));
        try (var out = Files.newBufferedWriter(resultsDir.resolve("environment.properties"), StandardCharsets.UTF_8)) {
            env.store(out, "gameday run " + j.runId);
        }
        return resultsDir;
    }
}
