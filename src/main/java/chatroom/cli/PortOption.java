package chatroom.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a port flag ({@code --port}, {@code --web-port}, the bench's {@code --port}): a whole number from 0 to 65535. */
public final class PortOption implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number (0 to 65535)");
        }
        if (port < 0 || port > 65535) throw new TypeConversionException("a port is from 0 to 65535, not " + port);
        return port;
    }
}
