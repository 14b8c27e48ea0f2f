package org.hashify.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.hashify.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class ManPageTest {
    private static String page(CommandSpec spec) {
        return new ManPage(spec, "tool 1.0", "2026-01-02", "").render();
    }

    private static CommandSpec fixture(String... path) {
        CommandLine cl = FixtureCli.commandLine();
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }

    private static List<CommandSpec> pagesOfTheRealCli() {
        CommandSpec root = Main.commandLine().getCommandSpec();
        List<CommandSpec> out = new ArrayList<>();
        out.add(root);
        out.addAll(ManPage.allSubcommands(root).stream().filter(ManPage::hasPage).toList());
        return out;
    }

    @Test
    void everyOptionParameterAndExampleOfTheRealCliIsOnItsPageAsHelpSaysIt() throws Exception {
        assumeTrue(Groff.available(), "groff is not installed");
        for (CommandSpec spec : pagesOfTheRealCli()) {
            String name = ManPage.name(spec);
            Groff.Rendered r = Groff.render(page(spec));
            assertEquals("", r.warnings(), name + ": groff warnings");
            String text = Groff.normalize(r.text());
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String n : o.names()) {
                    assertTrue(text.contains(n), name + ": option " + n + " missing");
                }
                assertDescribed(text, name + " " + o.longestName(), o.description());
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                assertTrue(text.contains(p.paramLabel()), name + ": parameter " + p.paramLabel() + " missing");
                assertDescribed(text, name + " " + p.paramLabel(), p.description());
            }
            for (String example : ManPage.examples(spec)) {
                assertTrue(text.contains(Groff.normalize(example)), name + ": example missing: " + example);
            }
            assertTrue(text.contains("EXIT STATUS"), name + ": no EXIT STATUS");
            String synopsis = Groff.normalize(Roff.plain(new CommandLine.Help(spec, CommandLine.Help.Ansi.OFF).synopsis(0)));
            assertTrue(text.contains(synopsis), name + ": synopsis differs from --help's: " + synopsis);
        }
    }

    private static void assertDescribed(String text, String what, String[] description) {
        for (String element : description) {
            for (String line : Roff.plain(element).split("\n")) {
                assertTrue(text.contains(Groff.normalize(line)), what + ": description missing: " + line);
            }
        }
    }

    @Test
    void theRootPageListsEveryCommandAndGathersTheirExamples() {
        String root = page(fixture());
        assertTrue(root.contains(".TP\n\\fBsync\\fR, \\fBs\\fR\nSync the guests. See \\fBtool\\-sync\\fR(1).\n"), root);
        assertTrue(root.contains("\\fBshow\\fR\nShow the store (its objects and bytes). See"), root);
        assertTrue(root.contains("tool sync \\-\\-all"), root);
        assertTrue(root.contains("tool show"), root);
        assertFalse(root.contains("secret"), root);
        assertTrue(root.contains("\\fBtool\\-sync\\fR(1),\n\\fBtool\\-show\\fR(1)"), root);
    }

    @Test
    void summariesEndAtTheFirstSentenceOutsideParenthesesAndAbbreviations() {
        assertEquals("Does things to guests (containers, chroots, e.g. build roots)", ManPage.summary(fixture()));
        assertEquals("Sync the guests", ManPage.summary(fixture("sync")));
        assertEquals("Use e.g. this", ManPage.firstSentence("Use e.g. this. Then"));
        assertEquals("No stop", ManPage.firstSentence("No stop"));
    }

    @Test
    void markupDefaultsLineBreaksAndSpecialCharactersBecomeRoff() {
        String sync = page(fixture("sync"));
        assertTrue(sync.contains("Takes the \\fBlock\\fR."), sync);
        assertTrue(sync.contains("The store (default: /srv/store)."), sync);
        assertTrue(sync.contains("Change nothing.\n.br\nReport what would change.\n"), sync);
        assertTrue(sync.contains("\\&.starts with a dot, and has a \\ebackslash and \\(titilde\\(ha."), sync);
        assertTrue(sync.contains("\\fB\\-\\-[no\\-]color\\fR"), sync);
        assertTrue(sync.contains("\\fB\\-\\-like\\fR=\\fIGUEST\\fR"), sync);
        assertTrue(sync.contains("tool sync \\-\\-store /srv/store web1 \\(aqweb 2\\(aq"), sync);
        assertFalse(sync.contains("internal"), sync);
        assertTrue(page(fixture("show")).contains("\\fIFMT\\fR is text or json."));
    }

    @Test
    void theExitStatusLineOfTheRootBecomesAListOnEveryPage() {
        for (CommandSpec spec : List.of(fixture(), fixture("sync"))) {
            String p = page(spec);
            assertTrue(p.contains(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nAll done.\n.TP\n\\fB1\\fR\nSome guests failed.\n"
                    + ".TP\n\\fB2\\fR\nBad usage.\n"), p);
        }
    }

    @Test
    void synopsisIsPicocliOwnWithFonts() {
        String sync = page(fixture("sync"));
        assertTrue(sync.contains(".SH \"SYNOPSIS\"\n\\fBtool sync\\fR [\\fB\\-hnV\\fR]"), sync);
        assertTrue(sync.contains("[\\fB\\-\\-store\\fR=\\fIDIR\\fR]"), sync);
        assertTrue(sync.contains("[\\fIGUEST\\fR...]"), sync);
    }

    @Test
    void helpAndHiddenCommandsGetNoPage() {
        CommandSpec root = fixture();
        List<String> pages = ManPage.allSubcommands(root).stream().filter(ManPage::hasPage).map(ManPage::name).toList();
        assertEquals(List.of("tool-sync", "tool-show"), pages);
    }
}
