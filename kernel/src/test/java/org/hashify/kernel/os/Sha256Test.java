package org.hashify.kernel.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Both ways of computing SHA-256 (libcrypto's, the JDK's fallback) give the JDK's digests. */
class Sha256Test {
    @Test
    void theJdkFallbackAndTheDefaultAgreeWithMessageDigest() throws Exception {
        check(Sha256::startJdk);
        check(Sha256::start);
    }

    @Test
    void libcryptoIsUsedWhereTheLauncherExpectsIt() {
        boolean present = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"));
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "no libcrypto.so.3 in the multiarch directories");
        assertEquals("OpenSSL libcrypto", Sha256.implementation());
    }

    private static void check(Supplier<Sha256> digests) throws Exception {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 64, 1000, 65_537}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            try (Sha256 s = digests.get()) {
                byte[] buffer = new byte[size + 10]; // a buffer larger than what is added, as files are read
                System.arraycopy(data, 0, buffer, 0, size);
                s.update(buffer, size);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), s.finish(), size + " bytes");
            }
        }
    }
}
