package org.hashify.plugin.apk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FnmatchTest {

    @ParameterizedTest(name = "''{0}'' against ''{1}'' is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            etc              | etc              | true
            etc              | etcx             | false
            *                | anything         | true
            *                | ''               | true
            *.pem            | ca-cert-a.pem    | true
            ca-cert-*.pem    | ca-cert-.pem     | true
            ca-cert-*.pem    | ca-cert-a.pem.x  | false
            a*b*c            | aXXbYYbZc        | true
            a*b*c            | aXXbYYbZ         | false
            ?                | x                | true
            ?                | ''               | false
            file.?           | file.1           | true
            [abc]x           | bx               | true
            [abc]x           | dx               | false
            [a-c]            | b                | true
            [!a-c]           | b                | false
            [^a-c]           | d                | true
            []]              | ]                | true
            [a-]             | -                | true
            \\*              | *                | true
            \\*              | x                | false
            [unterminated    | [unterminated    | true
            [unterminated    | u                | false
            *[0-9]           | rc9              | true
            """)
    void matchesLikeFnmatch(String pattern, String name, boolean expected) {
        assertEquals(expected, Fnmatch.matches(pattern, name));
    }
}
