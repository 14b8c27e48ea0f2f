package org.hashify.kernel.os;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * One SHA-256 computation, by OpenSSL's libcrypto where it can be loaded, else by the JDK.
 *
 * <p>libcrypto is used for two reasons. It is somewhat faster than the JDK's SHA-256 (both use the
 * CPU's SHA instructions; here 1.47 against 1.33 GiB/s per core). And it does not depend on the JIT:
 * the JDK's SHA-256 is fast only once C2 has compiled it, and C2 costs a short run such as a re-run
 * over unchanged guests a third of its time, so the launcher starts the JVM without C2 when
 * libcrypto is there. The library is checked against the JDK on a known input before it is used.
 */
public abstract class Sha256 implements AutoCloseable {
    private static final int DIGEST_BYTES = 32;

    /** Begins a digest; close it when done, also after {@link #finish}. */
    public static Sha256 start() {
        LibCrypto crypto = Native.CRYPTO;
        return crypto != null ? new OpenSsl(crypto, Native.SHA256) : new Jdk();
    }

    /** A digest by the JDK, whatever libcrypto's state: the fallback, here for its tests. */
    static Sha256 startJdk() {
        return new Jdk();
    }

    /**
     * The SHA-256 of a few bytes (names, keys, fingerprints) by the JDK at once: loading libcrypto
     * costs more than such inputs, and a run over unchanged guests need not load it at all.
     */
    public static byte[] ofSmall(byte[]... parts) {
        MessageDigest md = jdk();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    /** What computes the digests in this process, for {@code hashify --version}. */
    public static String implementation() {
        return Native.CRYPTO != null ? "OpenSSL libcrypto" : "the JDK (" + Native.UNAVAILABLE + ")";
    }

    /** Adds the first {@code length} bytes of {@code buffer}. */
    public abstract void update(byte[] buffer, int length);

    /** The digest of everything added; the object is spent afterwards. */
    public abstract byte[] finish();

    @Override
    public abstract void close();

    private static final class Native {
        static final LibCrypto CRYPTO;
        static final Pointer SHA256;
        static final String UNAVAILABLE;

        static {
            LibCrypto crypto = null;
            Pointer md = null;
            String why = null;
            try {
                crypto = LibraryLoader.create(LibCrypto.class).load("crypto");
                md = crypto.EVP_sha256();
                byte[] probe = "hashify checks libcrypto's SHA-256 against the JDK's".getBytes(StandardCharsets.US_ASCII);
                try (Sha256 s = new OpenSsl(crypto, md)) {
                    s.update(probe, probe.length);
                    if (!Arrays.equals(s.finish(), jdk().digest(probe))) {
                        why = "libcrypto's SHA-256 disagrees with the JDK's";
                    }
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                why = "libcrypto cannot be loaded: " + e.getMessage();
            }
            CRYPTO = why == null ? crypto : null;
            SHA256 = why == null ? md : null;
            UNAVAILABLE = why;
        }
    }

    private static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static final class OpenSsl extends Sha256 {
        private final LibCrypto crypto;
        private Pointer ctx;

        OpenSsl(LibCrypto crypto, Pointer md) {
            this.crypto = crypto;
            ctx = crypto.EVP_MD_CTX_new();
            if (ctx == null) {
                throw new OutOfMemoryError("EVP_MD_CTX_new failed");
            }
            if (crypto.EVP_DigestInit_ex(ctx, md, null) != 1) {
                close();
                throw new IllegalStateException("EVP_DigestInit_ex(SHA-256) failed");
            }
        }

        @Override
        public void update(byte[] buffer, int length) {
            java.util.Objects.checkFromIndexSize(0, length, buffer.length); // C reads exactly that many bytes
            if (crypto.EVP_DigestUpdate(ctx, buffer, length) != 1) {
                throw new IllegalStateException("EVP_DigestUpdate failed");
            }
        }

        @Override
        public byte[] finish() {
            byte[] out = new byte[DIGEST_BYTES];
            if (crypto.EVP_DigestFinal_ex(ctx, out, null) != 1) {
                throw new IllegalStateException("EVP_DigestFinal_ex failed");
            }
            return out;
        }

        @Override
        public void close() {
            if (ctx != null) {
                crypto.EVP_MD_CTX_free(ctx);
                ctx = null;
            }
        }
    }

    private static final class Jdk extends Sha256 {
        private final MessageDigest digest = jdk();

        @Override
        public void update(byte[] buffer, int length) {
            digest.update(buffer, 0, length);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }

        @Override
        public void close() {
        }
    }
}
