/** Small sample guests for {@code hashify demo} and for tests. */
package org.hashify.kernel.demo;
