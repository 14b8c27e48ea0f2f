/** The torture suite: crashes, hostile guests, concurrent writers, fuzzed input and resource faults. */
package org.hashify.torture;
