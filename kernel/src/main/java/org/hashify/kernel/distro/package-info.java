/** Distribution descriptors, their catalog, and the detection of a guest's distribution from its own files. */
package org.hashify.kernel.distro;
