package io.flafka.channel.file;

import io.flafka.api.ChannelException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a directory ({@code in_use.lock}), so two channels never share one. */
final class DirLock implements AutoCloseable {
    static final String FILE = "in_use.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it, or fails naming the directory. */
    static DirLock acquire(Path dir, String channelName, String role) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ChannelException("File channel '" + channelName + "': cannot create " + role + " directory "
                    + dir + ": " + e, e);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new ChannelException("File channel '" + channelName + "': " + role + " directory " + dir
                        + " is in use by another file channel (it holds " + dir.resolve(FILE) + "). Give every "
                        + "file channel its own checkpointDir and dataDirs");
            }
            return new DirLock(dir, ch, l);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new ChannelException("File channel '" + channelName + "': cannot lock " + role + " directory "
                    + dir + ": " + e, e);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
