package org.hashify.kernel.os;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Pinned;

/** The OpenSSL (1.1 and 3) digest calls hashify uses for SHA-256; see {@link Sha256}. */
public interface LibCrypto {
    Pointer EVP_sha256();

    Pointer EVP_MD_CTX_new();

    void EVP_MD_CTX_free(Pointer ctx);

    int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

    /** The buffer is pinned, not copied: it is the one the file was just read into. */
    int EVP_DigestUpdate(Pointer ctx, @In @Pinned byte[] data, long count);

    int EVP_DigestFinal_ex(Pointer ctx, @Out byte[] md, Pointer size);
}
