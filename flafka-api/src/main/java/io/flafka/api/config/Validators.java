package io.flafka.api.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Common validators. */
public final class Validators {
    private Validators() {
    }

    /** A number at least {@code min}. */
    public static <N extends Number> Validator<N> atLeast(long min) {
        return new Validator<>() {
            @Override
            public String check(N value) {
                return value.doubleValue() < min ? "must be at least " + min : null;
            }

            @Override
            public String describe() {
                return "at least " + min;
            }
        };
    }

    /** A number between {@code min} and {@code max}, inclusive. */
    public static <N extends Number> Validator<N> between(long min, long max) {
        return new Validator<>() {
            @Override
            public String check(N value) {
                double v = value.doubleValue();
                return v < min || v > max ? "must be between " + min + " and " + max : null;
            }

            @Override
            public String describe() {
                return "between " + min + " and " + max;
            }
        };
    }

    /** One of the given words, compared case-insensitively. */
    public static Validator<String> oneOf(String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return new Validator<>() {
            @Override
            public String check(String value) {
                for (String w : words) {
                    if (w.equalsIgnoreCase(value.trim())) {
                        return null;
                    }
                }
                return "must be one of: " + String.join(", ", words);
            }

            @Override
            public String describe() {
                return "one of: " + String.join(", ", words);
            }
        };
    }

    /** A non-blank string. */
    public static Validator<String> nonBlank() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                return value.isBlank() ? "must not be empty" : null;
            }

            @Override
            public String describe() {
                return "not empty";
            }
        };
    }

    /** A string that compiles as a Java regular expression. */
    public static Validator<String> regex() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                try {
                    Pattern.compile(value);
                    return null;
                } catch (PatternSyntaxException e) {
                    return "is not a valid regular expression: " + e.getDescription();
                }
            }

            @Override
            public String describe() {
                return "a Java regular expression";
            }
        };
    }

    /** A list whose entries are each one of the given words (case-insensitive). */
    public static Validator<List<String>> eachOneOf(String... allowed) {
        Validator<String> one = oneOf(allowed);
        return new Validator<>() {
            @Override
            public String check(List<String> value) {
                return value.stream().map(one::check).filter(m -> m != null).findFirst()
                        .map(m -> "entries " + m).orElse(null);
            }

            @Override
            public String describe() {
                return "each " + one.describe();
            }
        };
    }

    /** A lower-case canonical form, for comparing enum-like words. */
    public static String canonical(String word) {
        return word.trim().toLowerCase(Locale.ROOT);
    }

    /** Joins words for messages. */
    static String join(List<String> words) {
        return words.stream().collect(Collectors.joining(", "));
    }
}
