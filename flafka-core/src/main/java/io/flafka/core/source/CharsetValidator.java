package io.flafka.core.source;

import io.flafka.api.config.Validator;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Accepts the name of a character set this JVM supports whose text can be split into lines on bytes:
 * a newline is the single byte 0x0A (UTF-8, US-ASCII, the ISO-8859 and windows code pages, Shift_JIS, GBK,
 * ...; not UTF-16 or UTF-32), so the netcat source never decodes what it only forwards.
 */
final class CharsetValidator implements Validator<String> {
    static final CharsetValidator INSTANCE = new CharsetValidator();

    @Override
    public String check(String value) {
        Charset cs;
        try {
            if (!Charset.isSupported(value.trim())) {
                return "is not a character set this JVM supports";
            }
            cs = Charset.forName(value.trim());
        } catch (IllegalCharsetNameException e) {
            return "is not a valid character set name";
        }
        return splitsOnNewlineByte(cs) ? null : "is not supported: lines are split where the byte 0x0A (newline) "
                + "is, and this character set encodes a newline otherwise; use an ASCII-compatible one such as UTF-8";
    }

    /** True when the charset encodes "\n" as the single byte 0x0A. */
    static boolean splitsOnNewlineByte(Charset cs) {
        if (!cs.canEncode()) {
            return false;
        }
        byte[] nl = "\n".getBytes(cs);
        return nl.length == 1 && nl[0] == '\n';
    }

    @Override
    public String describe() {
        return "an ASCII-compatible character set name such as UTF-8";
    }
}
