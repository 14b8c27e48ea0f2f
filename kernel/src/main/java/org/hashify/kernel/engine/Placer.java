package org.hashify.kernel.engine;

/** Shares each hashed unit of one guest with its object, in walk order, on one thread. */
interface Placer {
    void accept(HashOutcome outcome);
}
