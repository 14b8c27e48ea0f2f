package org.hashify.dist.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man(7) page of one picocli command, in section 1: every option and parameter with its description, the
 * description's "Example:" lines as EXAMPLES, the footer's "Exit status:" line as EXIT STATUS. The root command's
 * page also lists the subcommands and gathers their examples.
 */
final class ManPage {
    static final String EXAMPLE_PREFIX = "Example:";
    static final String EXIT_STATUS_PREFIX = "Exit status:";

    private final CommandSpec spec;
    private final String source;
    private final String date;
    private final String extraSections;

    /**
     * @param source the page footer's source, e.g. "hashify 0.1.0"
     * @param date the page date, e.g. "2026-11-15"
     * @param extraSections roff inserted before EXAMPLES, e.g. FILES; empty for none
     */
    ManPage(CommandSpec spec, String source, String date, String extraSections) {
        this.spec = spec;
        this.source = source;
        this.date = date;
        this.extraSections = extraSections;
    }

    /** The page's name: the qualified command name joined with '-', e.g. "hashify-run". */
    static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** Whether a command gets a page of its own: not hidden, and not picocli's {@code help} command. */
    static boolean hasPage(CommandSpec spec) {
        return !spec.usageMessage().hidden() && !spec.helpCommand();
    }

    /** The distinct visible subcommands, in declaration order (picocli maps each alias to the same command). */
    static List<CommandSpec> subcommands(CommandSpec spec) {
        Set<CommandSpec> seen = new LinkedHashSet<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                seen.add(sub.getCommandSpec());
            }
        }
        return List.copyOf(seen);
    }

    /** The one-line summary: the header if the command has one, else the description's first sentence. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
        return firstSentence(Roff.plain(first).strip());
    }

    /** Up to the first '.' or ':' that ends a sentence: outside parentheses, not in "e.g." or "i.e.". */
    static String firstSentence(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if ((c == '.' || c == ':') && depth == 0 && (i + 1 == s.length() || s.charAt(i + 1) == ' ')
                    && !abbreviation(s.substring(0, i))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static boolean abbreviation(String before) {
        String word = before.substring(before.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
        return word.equals("e.g") || word.equals("i.e") || word.equals("etc") || word.equals("vs");
    }

    /** The description's "Example:" lines, without the prefix. */
    static List<String> examples(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (String line : spec.usageMessage().description()) {
            String plain = Roff.plain(line).strip();
            if (plain.startsWith(EXAMPLE_PREFIX)) {
                out.add(plain.substring(EXAMPLE_PREFIX.length()).strip());
            }
        }
        return out;
    }

    String render() {
        StringBuilder b = new StringBuilder();
        String name = name(spec);
        b.append(".\\\" Generated at build time from the picocli definitions of ").append(spec.root().name())
                .append(" (org.hashify.dist.docs); do not edit.\n");
        b.append(".TH \"").append(Roff.escape(name.toUpperCase(Locale.ROOT))).append("\" \"1\" \"")
                .append(Roff.escape(date)).append("\" \"").append(Roff.escape(source)).append("\" \"")
                .append(Roff.escape(spec.root().name())).append(" manual\"\n");
        b.append(".nh\n.ad l\n");

        section(b, "NAME");
        b.append(Roff.escape(name)).append(" \\- ").append(Roff.escape(summary(spec))).append('\n');

        section(b, "SYNOPSIS");
        b.append(synopsis()).append('\n');

        section(b, "DESCRIPTION");
        description(b);

        List<CommandSpec> subs = subcommands(spec);
        if (!subs.isEmpty()) {
            section(b, "COMMANDS");
            for (CommandSpec sub : subs) {
                List<String> names = new ArrayList<>();
                names.add(Roff.bold(sub.name()));
                for (String alias : sub.aliases()) {
                    names.add(Roff.bold(alias));
                }
                b.append(".TP\n").append(String.join(", ", names)).append('\n');
                b.append(Roff.protect(Roff.escape(summary(sub)) + '.'));
                if (hasPage(sub)) {
                    b.append(" See \\fB").append(Roff.escape(name(sub))).append("\\fR(1).");
                }
                b.append('\n');
            }
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            section(b, "OPTIONS");
            for (OptionSpec o : options) {
                b.append(".TP\n").append(optionNames(o)).append('\n');
                describe(b, o);
            }
        }

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            section(b, "ARGUMENTS");
            for (PositionalParamSpec p : positionals) {
                b.append(".TP\n").append(Roff.italic(p.paramLabel())).append(p.isMultiValue() ? "..." : "").append('\n');
                describe(b, p);
            }
        }

        String exitStatus = exitStatus();
        if (!exitStatus.isEmpty()) {
            section(b, "EXIT STATUS");
            exitStatus(b, exitStatus);
        }

        if (!extraSections.isEmpty()) {
            b.append(extraSections.endsWith("\n") ? extraSections : extraSections + '\n');
        }

        List<String> examples = new ArrayList<>(examples(spec));
        if (spec.parent() == null) {
            for (CommandSpec sub : allSubcommands(spec)) {
                examples.addAll(examples(sub));
            }
        }
        if (!examples.isEmpty()) {
            section(b, "EXAMPLES");
            for (String example : examples) {
                b.append(".PP\n.RS 4\n").append(Roff.protect(Roff.escape(example))).append("\n.RE\n");
            }
        }

        section(b, "SEE ALSO");
        List<String> see = new ArrayList<>();
        if (spec.parent() != null) {
            see.add("\\fB" + Roff.escape(name(spec.root())) + "\\fR(1)");
        }
        for (CommandSpec sub : allSubcommands(spec)) {
            if (hasPage(sub)) {
                see.add("\\fB" + Roff.escape(name(sub)) + "\\fR(1)");
            }
        }
        b.append(String.join(",\n", see)).append('\n');
        return b.toString();
    }

    private static void section(StringBuilder b, String title) {
        b.append(".SH \"").append(title).append("\"\n");
    }

    /** Picocli's own synopsis, as {@code --help} shows it, with its styles as fonts. */
    String synopsis() {
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom.length > 0) {
            List<String> lines = new ArrayList<>();
            for (String element : custom) {
                lines.addAll(Roff.lines(element));
            }
            return String.join("\n.br\n", lines.stream().filter(l -> !l.isEmpty()).toList());
        }
        ColorScheme scheme = new ColorScheme.Builder(Ansi.ON).commands(Style.bold).options(Style.bold)
                .parameters(Style.italic).optionParams(Style.italic).build();
        String text = new CommandLine.Help(spec, scheme).synopsis(0);
        // picocli wraps between elements only: undo that, and let man fill the line to the reader's terminal
        return Roff.protect(Roff.fromAnsi(text.strip().replaceAll("\\s*\\n\\s*", " ")));
    }

    private String synopsisName(OptionSpec o, String name) {
        return o.negatable() ? spec.negatableOptionTransformer().makeSynopsis(name, spec) : name;
    }

    /** All names, shortest first, the negated form of a negatable option, and the parameter label. */
    private String optionNames(OptionSpec o) {
        List<String> names = new ArrayList<>(List.of(o.names()));
        names.sort(Comparator.comparingInt(String::length));
        List<String> shown = new ArrayList<>();
        for (String n : names) {
            shown.add(Roff.bold(synopsisName(o, n)));
        }
        String s = String.join(", ", shown);
        if (o.arity().max() > 0) {
            String label = Roff.italic(o.paramLabel());
            s += o.arity().min() == 0 ? "[=" + label + "]" : "=" + label;
        }
        return s;
    }

    private static void describe(StringBuilder b, ArgSpec arg) {
        boolean first = true;
        for (String element : arg.description()) {
            for (String line : Roff.lines(element)) {
                if (!first) {
                    b.append(line.isEmpty() ? ".sp\n" : ".br\n");
                }
                if (!line.isEmpty()) {
                    b.append(line).append('\n');
                }
                first = false;
            }
        }
    }

    /** The description without its examples: one paragraph per element, blank elements dropped. */
    private void description(StringBuilder b) {
        for (String element : spec.usageMessage().description()) {
            if (element.isBlank() || Roff.plain(element).strip().startsWith(EXAMPLE_PREFIX)) {
                continue;
            }
            b.append(".PP\n");
            for (String line : Roff.lines(element)) {
                b.append(line.isEmpty() ? ".sp" : line).append('\n');
            }
        }
        for (String element : spec.usageMessage().footer()) {
            if (element.isBlank() || Roff.plain(element).strip().startsWith(EXIT_STATUS_PREFIX)) {
                continue;
            }
            b.append(".PP\n");
            for (String line : Roff.lines(element)) {
                b.append(line.isEmpty() ? ".sp" : line).append('\n');
            }
        }
    }

    /** The footer's "Exit status:" line, of this command or the nearest ancestor that has one. */
    private String exitStatus() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (String element : s.usageMessage().footer()) {
                String plain = Roff.plain(element).strip();
                if (plain.startsWith(EXIT_STATUS_PREFIX)) {
                    return plain.substring(EXIT_STATUS_PREFIX.length()).strip();
                }
            }
        }
        return "";
    }

    /** "0 all done; 1 some failed; ..." becomes a list of values; anything else stays a paragraph. */
    private static void exitStatus(StringBuilder b, String text) {
        String body = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        String[] items = body.split(";\\s*");
        boolean list = true;
        for (String item : items) {
            list &= item.strip().matches("\\d+ .+");
        }
        if (!list) {
            b.append(".PP\n").append(Roff.protect(Roff.escape(text))).append('\n');
            return;
        }
        for (String item : items) {
            String[] codeAndMeaning = item.strip().split(" ", 2);
            String meaning = codeAndMeaning[1];
            b.append(".TP\n").append(Roff.bold(codeAndMeaning[0])).append('\n')
                    .append(Roff.protect(Roff.escape(Character.toUpperCase(meaning.charAt(0)) + meaning.substring(1))))
                    .append(".\n");
        }
    }

    /** Every subcommand below a command, depth first, in declaration order. */
    static List<CommandSpec> allSubcommands(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec sub : subcommands(spec)) {
            out.add(sub);
            out.addAll(allSubcommands(sub));
        }
        return out;
    }
}
