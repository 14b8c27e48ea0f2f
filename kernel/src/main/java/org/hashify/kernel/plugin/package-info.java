/** Loading pf4j plugins and handing their extensions to the kernel. */
package org.hashify.kernel.plugin;
