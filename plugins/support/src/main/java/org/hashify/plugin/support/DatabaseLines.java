package org.hashify.plugin.dpkg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The numbered lines of a database file, each decoded as strict UTF-8 only when reached, so that a
 * large file never exists twice in memory.
 */
final class DatabaseLines implements Iterable<DatabaseLines.Line> {

    /**
     * One line of a database file, without its newline.
     *
     * @param number the line number, counting from 1
     * @param text the decoded text; invalid UTF-8 is replaced, and then {@code utf8} is false
     * @param utf8 whether the bytes were valid UTF-8, so a path read from {@code text} is the real one
     */
    record Line(int number, String text, boolean utf8) {
        Line {
            if (number < 1 || text == null) {
                throw new IllegalArgumentException("a line needs a positive number and a text");
            }
        }

        boolean isBlank() {
            return text.isBlank();
        }
    }

    private final byte[] bytes;

    private DatabaseLines(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The lines of {@code bytes}; a last line without a newline is included. */
    static DatabaseLines of(byte[] bytes) {
        return new DatabaseLines(bytes);
    }

    /**
     * The number of the last line when it lacks its newline, which a database writer never leaves:
     * the file was cut short. Zero when the file ends properly or is empty.
     */
    int truncatedLine() {
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
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
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
                Line line = decode(strict, start, end, ++number);
                start = end + 1;
                return line;
            }
        };
    }

    private Line decode(CharsetDecoder strict, int start, int end, int number) {
        try {
            String text = strict.reset().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            return new Line(number, text, true);
        } catch (CharacterCodingException e) {
            // Keep the line readable for its structure; the flag stops its path being trusted.
            return new Line(number, new String(bytes, start, end - start, StandardCharsets.UTF_8), false);
        }
    }
}
