package io.flafka.channel.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small file-system helpers. */
final class FileChannels {
    private FileChannels() {
    }

    /** Makes a directory's entries (created, renamed, deleted files) durable. Best effort where unsupported. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; file contents are still forced.
        }
    }
}
