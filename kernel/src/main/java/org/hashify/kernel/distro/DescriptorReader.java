package org.hashify.kernel.distro;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads one descriptor file strictly: unknown or repeated keys and wrong types are errors, never guesses. */
final class DescriptorReader {
    /** Far beyond any real descriptor; keeps a stray large file from being read whole. */
    static final long MAX_BYTES = 256 * 1024;

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfig(LogicalType.Textual, cfg -> cfg
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build()
            .readerFor(DistroDescriptor.class);

    private static final List<String> KEYS = Arrays.stream(DistroDescriptor.class.getRecordComponents())
            .map(c -> c.getName())
            .toList();

    private DescriptorReader() {
    }

    /** The descriptor in {@code file}, whose name must be {@code <id>.json}. */
    static DistroDescriptor read(Path file) throws DescriptorException {
        byte[] bytes = readBytes(file);
        DistroDescriptor descriptor;
        try {
            descriptor = READER.readValue(bytes);
        } catch (IOException e) {
            throw new DescriptorException(file + ": " + explain(e), e);
        }
        if (descriptor == null) {
            throw new DescriptorException(file + ": holds JSON null; write one object with the keys " + keys());
        }
        String expected = descriptor.id() + ".json";
        if (!file.getFileName().toString().equals(expected)) {
            throw new DescriptorException(file + ": declares id \"" + descriptor.id() + "\"; rename the file to "
                    + expected + " so that a later directory can replace it by name");
        }
        return descriptor;
    }

    private static byte[] readBytes(Path file) throws DescriptorException {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DescriptorException(file + ": is " + size + " bytes, more than the " + MAX_BYTES
                        + " a descriptor may have; is it really a descriptor?");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DescriptorException(file + ": cannot be read: " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static String explain(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key \"" + u.getPropertyName() + "\"; the keys are " + keys();
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException bad) {
            return oneLine(bad.getMessage());
        }
        if (e instanceof MismatchedInputException m) {
            Optional<String> key = m.getPath().stream()
                    .map(JsonMappingException.Reference::getFieldName)
                    .filter(n -> n != null)
                    .findFirst();
            if (key.isPresent() && KEYS.contains(key.get())) {
                return "\"" + key.get() + "\" must be " + expectedShape(key.get()) + at(m.getLocation());
            }
            if (m.getOriginalMessage() != null && m.getOriginalMessage().startsWith("No content")) {
                return "is empty; write one JSON object with the keys " + keys();
            }
            return "is not a descriptor object" + at(m.getLocation()) + "; write one JSON object with the keys "
                    + keys();
        }
        if (e instanceof JsonProcessingException p) {
            return "is not valid JSON: " + oneLine(p.getOriginalMessage()) + at(p.getLocation());
        }
        return oneLine(String.valueOf(e.getMessage()));
    }

    private static String expectedShape(String key) {
        for (var component : DistroDescriptor.class.getRecordComponents()) {
            if (component.getName().equals(key)) {
                return component.getType() == List.class ? "a list of strings" : "a string";
            }
        }
        return "something else";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String keys() {
        return KEYS.stream().collect(Collectors.joining(", "));
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
