package org.hashify.kernel.engine;

/** Why an eligible-looking file was left as it was. */
public enum SkipReason {
    CHANGED("changed while hashify worked on it"),
    PARTIAL_GROUP("hard-linked with a file outside the walked tree"),
    OBJECT_MISMATCH("its object no longer matches its name"),
    VANISHED("vanished during the run"),
    NOT_REGULAR("replaced by something that is not a regular file"),
    ERROR("could not be read or replaced");

    private final String text;

    SkipReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
