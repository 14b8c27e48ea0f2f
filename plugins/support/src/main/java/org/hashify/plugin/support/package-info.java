/**
 * Helpers that the package-manager plugins share for reading hostile guest databases: path checks,
 * byte-exact database lines, and the collection of configuration files with warnings.
 */
package org.hashify.plugin.support;
