/** Running commands inside guests: through a running guest's runtime, or a chroot in fresh namespaces. */
package org.hashify.kernel.exec;
