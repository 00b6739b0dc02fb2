package chatroom.accounts;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.util.Arrays;

/**
 * Passwords as Argon2id hashes (Bouncy Castle), written as the usual PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, so the cost can rise later and old
 * hashes still check. The cost is OWASP's first choice for Argon2id: 19 MiB, 2 passes.
 * Hashes run on platform threads of their own, fewer than the processors, while the
 * asking thread waits: a virtual thread busy hashing for a good part of a second would
 * hold one of the few carriers every connection's thread needs (on two cores, two
 * sign-ins would stop all delivery). Each hash holds 19 MiB while it runs, so a flood of
 * sign-ins queues instead of taking the heap.
 */
public final class PasswordHash {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int PASSES = 2;
    private static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Hashing threads: a processor is always left for the chat; idle ones end after a while. */
    private static final ThreadPoolExecutor HASHING = hashing(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    private PasswordHash() {}

    private static ThreadPoolExecutor hashing(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("password-hash-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A fresh salt and the hash of {@code password} with it. */
    public static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, PASSES, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether {@code password} hashes to {@code stored}, compared in constant time; false for a string that is not ours. */
    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        int memory = 0, passes = 0, lanes = 0;
        try {
            for (String p : parts[3].split(",")) {
                int value = Integer.parseInt(p.substring(2));
                switch (p.substring(0, 2)) {
                    case "m=" -> memory = value;
                    case "t=" -> passes = value;
                    case "p=" -> lanes = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64_IN.decode(parts[4]);
            byte[] expected = B64_IN.decode(parts[5]);
            if (memory < 8 || passes < 1 || lanes < 1 || expected.length == 0) return false;
            return Arrays.constantTimeAreEqual(expected, argon2(password, salt, memory, passes, lanes, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int passes, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memory).withIterations(passes).withParallelism(lanes).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        Future<?> done = HASHING.submit(() -> generator.generateBytes(secret, out));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return out;
                } catch (InterruptedException e) {
                    interrupted = true; // the hash is under way: its answer is still wanted
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Argon2id failed", e.getCause());
                }
            }
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
