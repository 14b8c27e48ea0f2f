/** Finds LXC containers in an lxcpath such as /var/lib/lxc and runs commands inside running ones. */
package org.hashify.plugin.lxc;
