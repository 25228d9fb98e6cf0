package io.flafka.sources.http;

/** A request the handler cannot turn into events; answered with this status and message. */
final class BadRequestException extends Exception {
    private final int status;

    BadRequestException(String message) {
        this(400, message);
    }

    BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
