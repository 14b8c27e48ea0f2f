package org.hashify.kernel.store;

/**
 * An object present in the store, as last seen.
 *
 * @param nlink link count when indexed: one for the store's own name, the rest are guest links
 */
public record ObjectRef(ObjectName name, long dev, long ino, long size, int nlink) {
}
