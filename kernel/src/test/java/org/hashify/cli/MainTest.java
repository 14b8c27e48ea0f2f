package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line that names one command builds only that one, and sees exactly what the whole tree shows. */
class MainTest {
    @Test
    void theFirstWordNamesACommandByNameOrAlias() {
        assertEquals(RunCommand.class, Main.namedCommand(new String[] {"run", "--dry-run"}));
        assertEquals(PackageAliases.AptGet.class, Main.namedCommand(new String[] {"apt-get", "g1", "--", "update"}));
        assertEquals(CommandLine.HelpCommand.class, Main.namedCommand(new String[] {"help", "run"}));
        assertNull(Main.namedCommand(new String[] {"--version"}));
        assertNull(Main.namedCommand(new String[] {"nonsense"}));
        assertNull(Main.namedCommand(new String[0]));
    }

    @Test
    void everyCommandHasTheSameHelpAloneAsInTheWholeTree() {
        CommandLine whole = Main.commandLine();
        assertTrue(whole.getSubcommands().size() > 20, whole.getSubcommands().keySet().toString());
        for (var e : whole.getSubcommands().entrySet()) {
            String name = e.getValue().getCommandName();
            if (name.equals("help")) {
                continue;
            }
            CliTest.Result alone = CliTest.hashify(name, "--help");
            assertEquals(0, alone.status(), name + ": " + alone.err());
            assertEquals(e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF), alone.out(), name);
        }
    }

    @Test
    void helpAndUnknownCommandsStillSeeEveryCommand() {
        CliTest.Result help = CliTest.hashify("help", "gc");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("Remove store objects"), help.out());
        CliTest.Result unknown = CliTest.hashify("nonsense");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("hashify: "), unknown.err());
    }
}
