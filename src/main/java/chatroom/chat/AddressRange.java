package chatroom.chat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address or a CIDR range ({@code 203.0.113.7}, {@code 10.0.0.0/8}, {@code 2001:db8::/32})
 * that a ban keeps out. Only literals are read, never looked up: a name is never an address.
 */
record AddressRange(byte[] network, int bits) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** The range {@code text} names, or null when it is not an address (then it is a person's name). */
    static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        // A name may hold digits and dots but never a colon, so only these are read as addresses.
        if (!IPV4.matcher(address).matches() && !address.contains(":")) return null;
        byte[] bytes = literal(address);
        if (bytes == null) return null;
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > bytes.length * 8) return null;
        }
        return new AddressRange(bytes, bits);
    }

    /** Whether {@code host} (an address as the log writes it, without its port) is in the range. */
    boolean contains(String host) {
        byte[] other = literal(host);
        if (other == null || other.length != network.length) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network[i / 8] & mask) != (other[i / 8] & mask)) return false;
        }
        return true;
    }

    private static byte[] literal(String address) {
        if (IPV4.matcher(address).matches()) {
            // 999.1.1.1 is no literal, and InetAddress would look it up as a host name.
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) return null;
            }
        } else if (!address.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
