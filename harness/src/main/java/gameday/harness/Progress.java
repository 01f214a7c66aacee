package gameday.harness;

/** Listener for long work; every hook does nothing by default (Chaos Toolkit's control style). */
public interface Progress {
    Progress SILENT = new Progress() {};

    default void scenarioStarted(String scenario) {}

    default void phaseStarted(String scenario, String phase) {}

    default void phaseFinished(String scenario, String phase, long millis, String detail) {}

    default void note(String scenario, String message) {}

    default void scenarioFinished(String scenario, String verdict) {}
}
