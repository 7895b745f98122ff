package io.raftlite.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client's HTTP/1.1 keep-alive connection, as rqlite's Go clients behave: TCP_NODELAY on, and
 * each request (headers and body) written at once. The JDK's HTTP client writes the body after the
 * headers without TCP_NODELAY, so every POST waited for the server's delayed ACK (tens of
 * milliseconds) and the benchmark measured that instead of raftlite. Reconnects after a failure.
 */
final class KeepAliveConnection implements Closeable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI node;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    record Response(int status, String body) {
    }

    KeepAliveConnection(URI node) {
        this.node = node;
    }

    /** POSTs {@code json} to {@code pathAndQuery}; on any I/O failure the connection is dropped and the failure thrown. */
    Response post(String pathAndQuery, String json) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: " + node.getHost() + ":" + node.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
            request.write(head.getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            out.write(request.toByteArray());
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException failure) {
            close();
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closeAfter = value.contains("close");
                default -> { }
            }
        }
        String body = chunked ? readChunked() : new String(readExactly(Math.max(length, 0)), StandardCharsets.UTF_8);
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private String readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
             size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
            body.write(readExactly(size));
            readLine(); // the CRLF after each chunk
        }
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers are not used
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private byte[] readExactly(long length) throws IOException {
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new IOException("connection closed in the middle of a response");
        }
        return bytes;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing more to do
            }
        }
        socket = null;
    }
}
