package org.hashify.plugin.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Reads what pf4j's annotation processor wrote, so that a plugin's test can check that its extension
 * is listed: pf4j finds extensions only through that index. Shared with the plugins' tests through
 * this module's test-jar.
 */
public final class ExtensionIndexes {

    private ExtensionIndexes() {}

    /**
     * Every {@code META-INF/extensions.idx} that {@code loader} sees, one after the other: test classes
     * have an (empty) index of their own, so the plugin's may be any of them.
     */
    public static String read(ClassLoader loader) throws IOException {
        StringBuilder entries = new StringBuilder();
        for (URL url : Collections.list(loader.getResources("META-INF/extensions.idx"))) {
            try (InputStream index = url.openStream()) {
                entries.append(new String(index.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries.toString();
    }
}
