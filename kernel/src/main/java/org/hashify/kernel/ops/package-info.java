/**
 * Operations on whole guests built on sharing: cloning a guest from its store objects, and splitting
 * a guest off the store with private copies of its shared files.
 */
package org.hashify.kernel.ops;
