/** Finds systemd-nspawn machines in /var/lib/machines and runs commands inside running ones. */
package org.hashify.plugin.nspawn;
