package io.flafka.core.config;

import io.flafka.api.config.Diagnostics;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads Java properties files with {@link Properties}' own rules (escapes, continuation lines,
 * {@code =}/{@code :}/space separators, comments) while keeping keys in file order, so every output
 * derived from a file is deterministic. Files are read as UTF-8, falling back to ISO-8859-1 (the
 * historical properties encoding) with a warning when they are not valid UTF-8.
 */
public final class PropertiesFiles {
    private PropertiesFiles() {
    }

    /**
     * Reads and merges files; a key in a later file overrides the same key in an earlier one (keeping the
     * earlier position). Problems become errors in {@code diagnostics} under the file's path; the
     * files that could be read are still merged.
     */
    public static Map<String, String> read(List<Path> files, Diagnostics diagnostics) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Path file : files) {
            merged.putAll(read(file, diagnostics));
        }
        return merged;
    }

    /** Reads one file; an unreadable file adds an error and yields an empty map. */
    public static Map<String, String> read(Path file, Diagnostics diagnostics) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            diagnostics.error(file.toString(), "no such file");
            return Map.of();
        } catch (IOException e) {
            diagnostics.error(file.toString(), "cannot read: " + e);
            return Map.of();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            diagnostics.warn(file.toString(), "is not valid UTF-8; read as ISO-8859-1");
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return parse(new StringReader(text));
        } catch (IllegalArgumentException | IOException e) {
            diagnostics.error(file.toString(), "is not a valid properties file: " + e.getMessage());
            return Map.of();
        }
    }

    /** Parses properties text with {@link Properties#load(Reader)}, keeping keys in order of first appearance. */
    public static Map<String, String> parse(Reader reader) throws IOException {
        Ordered p = new Ordered();
        p.load(reader);
        return p.ordered;
    }

    /** Parses properties text held in a string. */
    public static Map<String, String> parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException("a StringReader cannot fail", e);
        }
    }

    /** Properties.load() stores every entry through put(), which is where the order is recorded. */
    private static final class Ordered extends Properties {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, String> ordered = new LinkedHashMap<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            ordered.put((String) key, (String) value);
            return super.put(key, value);
        }
    }
}
