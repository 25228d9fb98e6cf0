package io.flafka.sources.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Optional request authentication (a Flafka addition): none, a bearer token, or HTTP basic with one
 * user. Secrets are compared in constant time and never logged.
 */
final class HttpAuth {
    enum Type { NONE, BEARER, BASIC }

    private final Type type;
    private final byte[] expected;

    HttpAuth(Type type, String token, String username, String password) {
        this.type = type;
        this.expected = switch (type) {
            case NONE -> new byte[0];
            case BEARER -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            case BASIC -> ("Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        };
    }

    Type type() {
        return type;
    }

    /** True when the Authorization header value (possibly null) is accepted. */
    boolean accepts(String authorization) {
        if (type == Type.NONE) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The WWW-Authenticate challenge for a 401. */
    String challenge() {
        return type == Type.BASIC ? "Basic realm=\"flafka\"" : "Bearer";
    }
}
