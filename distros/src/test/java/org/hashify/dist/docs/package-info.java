/** Tests of the generated man pages and bash completion, on the real command line and on a small fixture. */
package org.hashify.dist.docs;
