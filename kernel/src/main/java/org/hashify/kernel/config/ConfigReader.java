package org.hashify.kernel.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads {@link HashifyConfig} strictly: an unknown key is an error naming the key, never ignored. */
public final class ConfigReader {
    private static final long MAX_BYTES = 1 << 20;

    /** Made on first use: without a configuration file hashify never starts jackson for it. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private ConfigReader() {
    }

    /**
     * Reads the file; a missing file is the default configuration when {@code mayBeMissing}
     * (the standard location), an error otherwise (a file the user named).
     */
    public static HashifyConfig read(Path file, boolean mayBeMissing) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("Configuration " + file + " is larger than " + MAX_BYTES + " bytes; it cannot "
                        + "be a hashify configuration.");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new ConfigException("Configuration " + file + " is not a regular file.");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (mayBeMissing) {
                return HashifyConfig.defaults();
            }
            throw new ConfigException("Configuration " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    static HashifyConfig parse(byte[] bytes, String source) throws ConfigException {
        try {
            HashifyConfig config = Mapper.INSTANCE.readValue(bytes, HashifyConfig.class);
            if (config == null) {
                throw new ConfigException("Configuration " + source + " is empty (null); write {} for the defaults.");
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            // Records are built once the object is read, so the parser's position is past the key: find the key itself.
            throw new ConfigException("Configuration " + source + " has an unknown key \"" + e.getPropertyName() + "\""
                    + lineOfKey(bytes, e.getPropertyName()) + "; known keys: " + e.getKnownPropertyIds() + ".", e);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                why = cause.getMessage();
            }
            throw new ConfigException("Configuration " + source + at(e.getLocation()) + ": " + oneLine(why) + ".", e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration " + source + ": " + e.getMessage(), e);
        }
    }

    private static String lineOfKey(byte[] json, String key) {
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(key) + "\"\\s*:")
                .matcher(text);
        if (!m.find()) {
            return "";
        }
        int line = 1;
        for (int i = 0; i < m.start(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return " (line " + line + ")";
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "it is not valid";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
