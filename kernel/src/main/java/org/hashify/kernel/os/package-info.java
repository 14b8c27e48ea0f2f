/**
 * The one narrow boundary to Linux: directory-relative calls that never follow a symbolic link,
 * extended attributes, and the ioctls NIO does not offer.
 */
package org.hashify.kernel.os;
