/** Finds Linux-VServer guests in util-vserver's configuration and runs commands inside running ones. */
package org.hashify.plugin.vserver;
