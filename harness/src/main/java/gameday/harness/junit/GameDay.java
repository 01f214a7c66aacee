package gameday.harness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests take a real {@link gameday.harness.Environment} (a fresh local
 * one per test), a {@link gameday.harness.workload.History} or a
 * {@link gameday.harness.journal.Journal} as parameters. JUnit closes them after the test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GameDayExtension.class)
public @interface GameDay {}
