package org.hashify.kernel.store;

/**
 * An object present in the store: its name and its inode on the store's device. A guest file with
 * this inode number on that device is a link to the object.
 *
 * @param ino the object's inode number; negative for an object a dry run only pretends to create
 */
public record ObjectRef(ObjectName name, long ino) {
}
