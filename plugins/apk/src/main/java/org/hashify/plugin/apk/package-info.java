/** Reads an Alpine guest's apk database from the host and lists the installed files apk protects as configuration. */
package org.hashify.plugin.apk;
