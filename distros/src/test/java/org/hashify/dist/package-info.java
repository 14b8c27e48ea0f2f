/** End-to-end tests of the assembled distribution, run as a user would run it. */
package org.hashify.dist;
