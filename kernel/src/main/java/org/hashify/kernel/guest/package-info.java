/** Guests as the kernel sees them, and the confined view of a guest that plugins read through. */
package org.hashify.kernel.guest;
