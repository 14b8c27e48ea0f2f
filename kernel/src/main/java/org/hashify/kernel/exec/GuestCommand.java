package org.hashify.kernel.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host command line that runs a command inside a stopped guest or a plain directory: a chroot
 * in fresh mount, PID, UTS and IPC namespaces, with /proc, /sys (read-only) and /dev set up inside.
 *
 * <p>Every mount lives in the private mount namespace, which the kernel tears down when its last
 * process exits, so nothing stays mounted whatever happens to the command, a crash or a kill of
 * hashify included ({@code --kill-child} takes the whole PID namespace down with it).
 */
public final class GuestCommand {
    static final Path UNSHARE = Path.of("/usr/bin/unshare");

    /** Runs on the host's /bin/sh inside the new namespaces; $1 root, $2 host name, the rest the command. */
    private static final String SETUP = """
            set -eu
            root=$1; name=$2; shift 2
            for d in proc sys dev; do
              if [ -L "$root/$d" ] || [ ! -d "$root/$d" ]; then
                echo "hashify: the guest has no directory /$d; the command runs without it" >&2
                continue
              fi
              case $d in
                proc) mount -t proc -o nosuid,nodev,noexec proc "$root/proc" ;;
                sys) mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys" ;;
                dev) mount --rbind /dev "$root/dev"; mount --make-rslave "$root/dev" ;;
              esac
            done
            hostname "$name" 2>/dev/null || true
            exec /usr/sbin/chroot "$root" "$@"
            """;

    private GuestCommand() {
    }

    public static List<String> chroot(Path root, String hostName, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run in " + root);
        }
        List<String> argv = new ArrayList<>(List.of(UNSHARE.toString(), "--mount", "--pid", "--uts", "--ipc", "--fork",
                "--kill-child", "--propagation", "private", "--", "/bin/sh", "-c", SETUP, "hashify-chroot",
                root.toString(), hostName));
        argv.addAll(command);
        return argv;
    }
}
