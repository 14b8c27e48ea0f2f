/** The rpm package manager: reads a guest's rpm database on the host and lists its configuration files. */
package org.hashify.plugin.rpm;
