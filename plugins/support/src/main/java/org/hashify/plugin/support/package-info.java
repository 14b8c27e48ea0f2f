/**
 * Helpers that the plugins share: for package managers, path checks, byte-exact database lines and
 * the collection of configuration files with warnings; for guest runtimes, a base class, the reading
 * of configuration directories, guest name and root checks and the running of host tools.
 */
package org.hashify.plugin.support;
