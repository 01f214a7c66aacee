package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every subcommand answers --help, so a new one cannot ship without it. */
class HelpTest {
    static Stream<String> subcommands() {
        List<String> names = List.copyOf(new CommandLine(new Main()).getSubcommands().keySet());
        assertFalse(names.isEmpty());
        return names.stream();
    }

    @ParameterizedTest(name = "gameday {0} --help")
    @MethodSource("subcommands")
    void everySubcommandHasHelp(String name) {
        BadInputTest.Result r = BadInputTest.gameday(name, "--help");
        assertEquals(0, r.code(), () -> "exit code; stderr: " + r.err());
        assertTrue(r.out().contains("Usage: gameday " + name), () -> "usage of " + name + ": " + r.out() + r.err());
    }

    @ParameterizedTest(name = "gameday {0} -h")
    @MethodSource("subcommands")
    void shortHelpToo(String name) {
        assertEquals(0, BadInputTest.gameday(name, "-h").code());
    }
}
