/** Reads an Arch-family guest's pacman database from the host and lists its backup files. */
package org.hashify.plugin.pacman;
