/** Walking a guest: exclude lists, the directory tree, and what a walk finds. */
package org.hashify.kernel.walk;
