package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AsciiViewTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void asciiIsDetectedAtEveryPositionOfTheWordLoopAndTheTail() {
        for (int len = 0; len <= 20; len++) {
            byte[] b = new byte[len];
            Arrays.fill(b, (byte) 'a');
            assertThat(AsciiView.isAscii(b)).isTrue();
            for (int i = 0; i < len; i++) {
                byte[] c = b.clone();
                c[i] = (byte) 0xC3;
                assertThat(AsciiView.isAscii(c)).as("length %d, high byte at %d", len, i).isFalse();
            }
        }
    }

    @Test
    void anAsciiBodyIsAViewWithTheSameCharacters() {
        CharSequence s = AsciiView.of(utf8("hello, world"));
        assertThat(s).isInstanceOf(AsciiView.class);
        assertThat(s.length()).isEqualTo(12);
        assertThat(s.charAt(7)).isEqualTo('w');
        assertThat(s.toString()).isEqualTo("hello, world");
        assertThat(s.subSequence(7, 12).toString()).isEqualTo("world");
        assertThat(s.subSequence(7, 12).subSequence(1, 3).toString()).isEqualTo("or");
        assertThatThrownBy(() -> s.charAt(12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.subSequence(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anyOtherBodyIsDecodedAsUtf8() {
        CharSequence s = AsciiView.of(utf8("café ✓"));
        assertThat(s).isInstanceOf(String.class).hasToString("café ✓");
        // malformed UTF-8 decodes to replacement characters, as new String(bytes, UTF_8) does
        assertThat(AsciiView.of(new byte[] {'a', (byte) 0xFF, 'b'}).toString()).isEqualTo("a\uFFFDb");
    }

    @Test
    void matchesAndGroupsAreTheSameAsOnTheDecodedString() {
        Pattern p = Pattern.compile("(\\d+) (\\w+)$");
        String text = "id 42 done";
        Matcher onView = p.matcher(AsciiView.of(utf8(text)));
        Matcher onString = p.matcher(text);
        assertThat(onView.find()).isEqualTo(onString.find()).isTrue();
        assertThat(onView.group(1)).isEqualTo("42");
        assertThat(onView.group(2)).isEqualTo(onString.group(2)).isEqualTo("done");
    }
}
