/** Build-time generation of the man pages and the bash completion from the CLI's picocli definitions. */
package org.hashify.dist.docs;
