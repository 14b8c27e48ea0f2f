/** The content-addressed store: its layout on disk, its lock, and the index of its objects. */
package org.hashify.kernel.store;
