/** Unifying guests: hashing, deciding, and replacing files by links to store objects, and the reports. */
package org.hashify.kernel.engine;
