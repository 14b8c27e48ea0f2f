import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The JDK's own SHA-256 speed on this machine, from memory (no I/O): the yardstick of
 * hash-throughput.sh. Prints one line per thread count: "threads N GiB/s X" (the median of 5).
 *
 * Run: java bench/HashSpeed.java [MAX_THREADS]
 */
public final class HashSpeed {
    private static final int BUFFER = 256 * 1024; // the buffer hashify reads files with
    private static final long BYTES_PER_THREAD = 2L << 30;

    public static void main(String[] args) throws Exception {
        int max = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        byte[] data = new byte[BUFFER];
        new Random(1).nextBytes(data);
        hash(data, 512L << 20); // warm-up: let the JIT compile and the intrinsic engage
        for (int threads = 1; threads <= max; threads *= 2) {
            List<Double> speeds = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                List<Thread> ts = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    Thread th = new Thread(() -> hash(data, BYTES_PER_THREAD));
                    ts.add(th);
                    th.start();
                }
                for (Thread th : ts) {
                    th.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                speeds.add(threads * BYTES_PER_THREAD / seconds / (1L << 30));
            }
            speeds.sort(null);
            System.out.printf(Locale.ROOT, "threads %d GiB/s %.3f%n", threads, speeds.get(2));
        }
    }

    private static void hash(byte[] data, long bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (long done = 0; done < bytes; done += data.length) {
                d.update(data, 0, data.length);
            }
            d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
