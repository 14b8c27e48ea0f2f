package org.hashify.plugin.apk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.hashify.api.PackageDatabaseException;
import org.junit.jupiter.api.Test;

class ProtectedPathsTest {

    private static final String LIST = "/etc/apk/protected_paths.d/test.list";

    private final ProtectedPaths builtIn = ProtectedPaths.builtIn();

    @Test
    void builtInRulesProtectEtcButNotInitScripts() {
        assertEquals(ProtectMode.CHANGED, builtIn.modeOf("/etc/motd"));
        assertEquals(ProtectMode.CHANGED, builtIn.modeOf("/etc/ssh/sshd_config"));
        assertEquals(ProtectMode.SYMLINKS_ONLY, builtIn.modeOf("/etc/init.d/sshd"));
        assertEquals(ProtectMode.ALL, builtIn.modeOf("/etc/apk/world"));
        assertEquals(ProtectMode.ALL, builtIn.modeOf("/etc/apk/keys/alpine.rsa.pub"));
        assertEquals(ProtectMode.NONE, builtIn.modeOf("/usr/bin/ssh"));
        assertEquals(ProtectMode.NONE, builtIn.modeOf("/etcetera/x"));
    }

    @Test
    void listFilesAddRulesWithWildcardsAndOptionalSlashes() throws Exception {
        ProtectedPaths rules = builtIn.plus(LIST, bytes("""
                # certificates are managed by update-ca-certificates
                -etc/ssl/certs/ca-cert-*.pem
                +/usr/local/etc/
                !var/lib/[a-c]*/state

                usr/share/no-symbol
                """));

        assertEquals(ProtectMode.NONE, rules.modeOf("/etc/ssl/certs/ca-cert-Foo.pem"));
        assertEquals(ProtectMode.CHANGED, rules.modeOf("/etc/ssl/certs/other.pem"));
        assertEquals(ProtectMode.CHANGED, rules.modeOf("/usr/local/etc/app/app.conf"));
        assertEquals(ProtectMode.ALL, rules.modeOf("/var/lib/bird/state/x"));
        assertEquals(ProtectMode.NONE, rules.modeOf("/var/lib/dhcp/state"));
        assertEquals(ProtectMode.CHANGED, rules.modeOf("/usr/share/no-symbol"));
    }

    @Test
    void aDeeperRuleWinsWhateverTheOrderAndTheLastRuleOfADepthWins() throws Exception {
        ProtectedPaths rules = builtIn.plus(LIST, bytes("-etc\n@etc\n"));

        assertEquals(ProtectMode.SYMLINKS_ONLY, rules.modeOf("/etc/motd"));
        assertEquals(ProtectMode.ALL, rules.modeOf("/etc/apk/world"), "!etc/apk is deeper than -etc");
    }

    @Test
    void refusesImplausiblyManyRulesNamingTheList() {
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> builtIn.plus(LIST, bytes("+etc/x\n".repeat(ProtectedPaths.MAX_RULES))));

        assertEquals(LIST, e.guestPath());
        assertTrue(e.getMessage().contains("line " + (ProtectedPaths.MAX_RULES - 2)), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
