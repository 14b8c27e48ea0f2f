/** The contracts between the hashify kernel and its plugins: extension points, value records, exceptions. */
package org.hashify.api;
