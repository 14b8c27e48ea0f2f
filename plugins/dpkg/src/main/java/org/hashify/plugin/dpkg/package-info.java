/** Reads a Debian-family guest's dpkg database from the host and lists its conffiles. */
package org.hashify.plugin.dpkg;
