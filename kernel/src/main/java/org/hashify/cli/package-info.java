/** The command line: a thin picocli shell over the kernel, one class per subcommand. */
package org.hashify.cli;
