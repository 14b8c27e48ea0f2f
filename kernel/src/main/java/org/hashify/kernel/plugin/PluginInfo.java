package org.hashify.kernel.plugin;

import java.util.List;

/**
 * A loaded plugin as {@code hashify plugins} shows it.
 *
 * @param extensions the extension classes it contributes, as "ExtensionPoint: class"
 */
public record PluginInfo(String id, String version, String provider, String jar, String state, List<String> extensions) {
    public PluginInfo {
        extensions = List.copyOf(extensions);
    }
}
