package io.flafka.sources.support;

import io.flafka.api.config.Validator;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/** Accepts the name of a character set this JVM supports. */
public final class CharsetValidator implements Validator<String> {
    /** The shared instance. */
    public static final CharsetValidator INSTANCE = new CharsetValidator();

    private CharsetValidator() {
    }

    @Override
    public String check(String value) {
        try {
            return Charset.isSupported(value.trim()) ? null : "is not a character set this JVM supports";
        } catch (IllegalCharsetNameException e) {
            return "is not a valid character set name";
        }
    }

    @Override
    public String describe() {
        return "a character set name such as UTF-8";
    }
}
