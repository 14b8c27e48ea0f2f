package org.hashify.dist.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bash completion script: picocli's, generated from the command definitions, and a wrapper that also offers
 * guest names, from {@code hashify guests --names}, wherever a command takes a GUEST parameter or option. The
 * names are looked up at most every 30 seconds; when that command fails, no names are offered, silently.
 */
final class BashCompletion {
    /** A parameter whose label contains this word takes guest names. */
    static final String GUEST_LABEL = "GUEST";
    static final int CACHE_SECONDS = 30;
    static final int TIMEOUT_SECONDS = 10;

    private BashCompletion() {
    }

    static String script(CommandLine root) {
        String name = root.getCommandName();
        return AutoComplete.bash(name, root) + '\n' + guestNames(root.getCommandSpec());
    }

    /** The wrapper around picocli's {@code _complete_NAME}, registered for NAME in its place. */
    static String guestNames(CommandSpec root) {
        String name = root.name();
        String fn = "_" + name.replaceAll("[^A-Za-z0-9_]", "_");
        List<String> transitions = new ArrayList<>();
        List<String> guestCommands = new ArrayList<>();
        List<String> guestOptions = new ArrayList<>();
        List<String> otherOptions = new ArrayList<>();
        walk(root, "", transitions, guestCommands, guestOptions, otherOptions);

        StringBuilder b = new StringBuilder();
        b.append("# Guest names: added to picocli's completions wherever a command takes a ").append(GUEST_LABEL)
                .append(" parameter or option,\n")
                .append("# from '").append(name).append(" guests --names' (looked up at most every ")
                .append(CACHE_SECONDS).append(" s). If that fails, no names, silently.\n");
        b.append(fn).append("_guest_names() {\n")
                .append("  local cmd=${COMP_WORDS[0]}\n")
                .append("  [[ $cmd == \"~/\"* ]] && cmd=$HOME/${cmd#\"~/\"}\n")
                .append("  if [[ -z ${").append(fn).append("_guests_at-} || $((SECONDS - ").append(fn)
                .append("_guests_at)) -ge ").append(CACHE_SECONDS).append(" || ${").append(fn)
                .append("_guests_cmd-} != \"$cmd\" ]]; then\n")
                .append("    ").append(fn).append("_guests=$(timeout ").append(TIMEOUT_SECONDS)
                .append(" \"$cmd\" guests --names 2>/dev/null </dev/null) || ").append(fn).append("_guests=\n")
                .append("    ").append(fn).append("_guests_at=$SECONDS\n")
                .append("    ").append(fn).append("_guests_cmd=$cmd\n")
                .append("  fi\n")
                .append("  printf '%s\\n' \"$").append(fn).append("_guests\"\n")
                .append("}\n\n");
        b.append("# The subcommand path of the words before the cursor, e.g. /run.\n");
        b.append(fn).append("_command_path() {\n")
                .append("  local path= i\n")
                .append("  for ((i = 1; i < COMP_CWORD; i++)); do\n")
                .append("    case \"$path/${COMP_WORDS[i]}\" in\n");
        for (String t : transitions) {
            b.append("      ").append(t).append('\n');
        }
        b.append("    esac\n")
                .append("  done\n")
                .append("  printf '%s' \"$path\"\n")
                .append("}\n\n");
        b.append(fn).append("_complete() {\n")
                .append("  _complete_").append(fn.substring(1)).append(" \"$@\"\n")
                .append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path i\n")
                .append("  [[ $cur == -* ]] && return 0\n")
                .append("  for ((i = 1; i < COMP_CWORD; i++)); do\n")
                .append("    [[ ${COMP_WORDS[i]} == -- ]] && return 0  # the rest is another command's\n")
                .append("  done\n")
                .append("  path=$(").append(fn).append("_command_path)\n")
                .append("  case \"$path $prev\" in\n");
        for (String patterns : guestOptions) {
            b.append("    ").append(patterns).append(") ;;\n");
        }
        for (String patterns : otherOptions) {
            b.append("    ").append(patterns).append(") return 0 ;;  # another option's value\n");
        }
        b.append("    *)\n")
                .append("      case \"$path\" in\n");
        if (!guestCommands.isEmpty()) {
            b.append("        ").append(String.join("|", guestCommands)).append(") ;;\n");
        }
        b.append("        *) return 0 ;;\n")
                .append("      esac\n")
                .append("      ;;\n")
                .append("  esac\n")
                .append("  local IFS=$'\\n'\n")
                .append("  COMPREPLY+=( $(compgen -W \"$(").append(fn).append("_guest_names)\" -- \"$cur\") )\n")
                .append("  return 0\n")
                .append("}\n\n");
        b.append("complete -F ").append(fn).append("_complete -o default ").append(name).append('\n');
        return b.toString();
    }

    private static void walk(CommandSpec spec, String path, List<String> transitions, List<String> guestCommands,
            List<String> guestOptions, List<String> otherOptions) {
        String quotedPath = quote(path);
        if (spec.parent() != null) {
            if (spec.positionalParameters().stream().anyMatch(p -> !p.hidden() && takesGuests(p))) {
                guestCommands.add(quotedPath);
            }
            List<String> guestNames = new ArrayList<>();
            List<String> otherNames = new ArrayList<>();
            for (OptionSpec o : spec.options()) {
                if (o.arity().max() == 0) {
                    continue;
                }
                for (String n : o.names()) {
                    (takesGuests(o) ? guestNames : otherNames).add(quote(path + " " + n));
                }
            }
            if (!guestNames.isEmpty()) {
                guestOptions.add(String.join("|", guestNames));
            }
            if (!otherNames.isEmpty()) {
                otherOptions.add(String.join("|", otherNames));
            }
        }
        for (CommandSpec sub : ManPage.subcommands(spec)) {
            String subPath = path + "/" + sub.name();
            List<String> words = new ArrayList<>();
            words.add(sub.name());
            words.addAll(List.of(sub.aliases()));
            List<String> patterns = new ArrayList<>();
            for (String w : words) {
                patterns.add(quote(path + "/" + w));
            }
            transitions.add(String.join("|", patterns) + ") path=" + quote(subPath) + " ;;");
            walk(sub, subPath, transitions, guestCommands, guestOptions, otherOptions);
        }
    }

    static boolean takesGuests(ArgSpec arg) {
        return arg.paramLabel().toUpperCase(Locale.ROOT).contains(GUEST_LABEL);
    }

    /** A bash double-quoted word: command and option names never hold quotes, but be safe. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`") + '"';
    }
}
