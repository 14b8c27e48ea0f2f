package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.hashify.plugin.support.DatabaseLines.Line;
import org.junit.jupiter.api.Test;

class DatabaseLinesTest {

    @Test
    void numbersLinesFromOneWithoutTheirNewlines() {
        assertEquals(List.of(new Line(1, "a: 1"), new Line(2, ""), new Line(3, " b")), lines("a: 1\n\n b\n"));
    }

    @Test
    void keepsEveryByteOfALine() {
        byte[] bytes = {'/', 'x', (byte) 0xff, (byte) 0xc3, '\r', '\n'};

        assertEquals(List.of(new Line(1, "/x\u00ff\u00c3\r")), lines(bytes));
    }

    @Test
    void aLastLineWithoutNewlineIsReadAndReportedAsCutShort() {
        DatabaseLines cut = DatabaseLines.of(bytes("a\nb\nc"));

        assertEquals(3, cut.truncatedLine());
        assertEquals(new Line(3, "c"), lines("a\nb\nc").get(2));
        assertEquals(0, DatabaseLines.of(bytes("a\n")).truncatedLine());
        assertEquals(0, DatabaseLines.of(new byte[0]).truncatedLine());
        assertEquals(List.of(), lines(""));
    }

    @Test
    void aBlankLineHoldsOnlyAsciiSpace() {
        assertTrue(new Line(1, " \t").isBlank());
        assertFalse(new Line(1, "\u00a0").isBlank(), "0xa0 is a byte of a name, not a space");
        assertFalse(new Line(1, "\u0085").isBlank(), "0x85 is a byte of a name, not a space");
    }

    @Test
    void iteratesLikeAnIterator() {
        Iterator<Line> it = DatabaseLines.of(bytes("x\n")).iterator();
        it.next();

        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    private static List<Line> lines(String text) {
        return lines(bytes(text));
    }

    private static List<Line> lines(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        DatabaseLines.of(bytes).forEach(lines::add);
        return lines;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
