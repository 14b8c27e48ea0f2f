package org.hashify.plugin.support;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The numbered lines of a database file as raw text (see {@link RawText}), each made only when
 * reached, so that a large file never exists twice in memory and every path keeps its exact bytes.
 */
public final class DatabaseLines implements Iterable<DatabaseLines.Line> {

    /**
     * One line of a database file, without its newline.
     *
     * @param number the line number, counting from 1
     * @param text the line's bytes, one char each
     */
    public record Line(int number, String text) {
        public Line {
            if (number < 1 || text == null) {
                throw new IllegalArgumentException("a line needs a positive number and a text");
            }
        }

        public boolean isBlank() {
            return text.isBlank();
        }
    }

    private final byte[] bytes;

    private DatabaseLines(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The lines of {@code bytes}; a last line without a newline is included. */
    public static DatabaseLines of(byte[] bytes) {
        return new DatabaseLines(bytes);
    }

    /**
     * The number of the last line when it lacks its newline, which a database writer never leaves:
     * the file was cut short. Zero when the file ends properly or is empty.
     */
    public int truncatedLine() {
        if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') {
            return 0;
        }
        int newlines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                newlines++;
            }
        }
        return newlines + 1;
    }

    @Override
    public Iterator<Line> iterator() {
        return new Iterator<>() {
            private int start;
            private int number;

            @Override
            public boolean hasNext() {
                return start < bytes.length;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                Line line = new Line(++number, new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
                start = end + 1;
                return line;
            }
        };
    }
}
