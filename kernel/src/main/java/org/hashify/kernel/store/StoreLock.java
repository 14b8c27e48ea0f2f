package org.hashify.kernel.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The one-writer lock of a store: an fcntl lock on {@code STORE/lock}, which the kernel releases
 * when the holder exits however it exits, so a killed run never leaves a stale lock. The file's
 * text names the holder for the message a second run prints.
 */
final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the exclusive lock for a run that changes the store, and records who holds it. */
    static StoreLock exclusive(Path store, String command) throws IOException, StoreLockedException {
        Path file = store.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        FileLock lock = tryLock(ch, false);
        if (lock == null) {
            String holder = holder(file);
            ch.close();
            throw new StoreLockedException(store, holder);
        }
        String text = "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", running \"" + command
                + "\" since " + Instant.now() + "\n";
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // The fcntl lock is what counts; the holder's name is a courtesy a full disk may refuse.
        }
        return new StoreLock(ch, lock);
    }

    /**
     * Takes a shared lock without writing anything, for a dry run: it waits for no one but
     * refuses while a writer works. Null when the store has no lock file yet.
     */
    static StoreLock shared(Path store) throws IOException, StoreLockedException {
        Path file = store.resolve("lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        FileLock lock = tryLock(ch, true);
        if (lock == null) {
            String holder = holder(file);
            ch.close();
            throw new StoreLockedException(store, holder);
        }
        return new StoreLock(ch, lock);
    }

    private static FileLock tryLock(FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static String hostName() {
        // Not InetAddress: a name lookup can hang on a host without network.
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "this host";
        }
    }

    @Override
    public void close() throws IOException {
        if (lock.isValid() && !lock.isShared()) {
            try {
                channel.truncate(0);
            } catch (IOException e) {
                // a stale holder text is harmless: the lock itself goes with this process
            }
        }
        lock.release();
        channel.close();
    }
}
