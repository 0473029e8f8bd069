package dev.vigil.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request or response held whole in memory: start line, headers in order, body with
 * any chunked framing removed. Written back with a Content-Length, so the proxy can change a body
 * (a partially failed PutRecords) and keep client connections alive whatever framing the emulator
 * used.
 */
final class HttpMessage {
    final String startLine;
    final List<String[]> headers;
    final byte[] body;

    HttpMessage(String startLine, List<String[]> headers, byte[] body) {
        this.startLine = startLine;
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        this.body = body;
    }

    /** The start line and headers of the next message, or null when the peer closed cleanly before it. */
    static HttpMessage readHead(InputStream in) throws IOException {
        String start = line(in, true);
        while (start != null && start.isEmpty()) {
            start = line(in, true); // tolerate stray CRLFs between keep-alive requests
        }
        if (start == null) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
            }
        }
        return new HttpMessage(start, headers, new byte[0]);
    }

    /** The request's body after {@link #readHead}: by Content-Length or chunked, else none. */
    HttpMessage readRequestBody(InputStream in) throws IOException {
        return withBody(readBody(in, false));
    }

    /** The response's body after {@link #readHead}: none for 1xx, 204, 304 and HEAD, else framed or to EOF. */
    HttpMessage readResponseBody(InputStream in, String requestMethod) throws IOException {
        int status = status();
        boolean none = "HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304;
        return withBody(none ? new byte[0] : readBody(in, true));
    }

    private byte[] readBody(InputStream in, boolean toEofIfUnframed) throws IOException {
        String te = header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in, false)); size > 0; size = chunkSize(line(in, false))) {
                out.write(exactly(in, size));
                line(in, false);
            }
            for (String trailer = line(in, false); !trailer.isEmpty(); trailer = line(in, false)) {
                // trailers are dropped: AWS sends none the SDK needs
            }
            return out.toByteArray();
        }
        String length = header("Content-Length");
        if (length != null) {
            return exactly(in, Integer.parseInt(length.trim()));
        }
        return toEofIfUnframed ? in.readAllBytes() : new byte[0];
    }

    int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : 0;
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The request target without its query. */
    String path() {
        String target = startLine.split(" ")[1];
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The request target's query, or "" when none. */
    String query() {
        String target = startLine.split(" ")[1];
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** The first header of that name (case-insensitive), or null. */
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    HttpMessage withoutHeader(String name) {
        List<String[]> kept = new ArrayList<>();
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase(name)) {
                kept.add(h);
            }
        }
        return new HttpMessage(startLine, kept, body);
    }

    HttpMessage withHeader(String name, String value) {
        List<String[]> hs = new ArrayList<>(withoutHeader(name).headers);
        hs.add(new String[] {name, value});
        return new HttpMessage(startLine, hs, body);
    }

    HttpMessage withBody(byte[] newBody) {
        return new HttpMessage(startLine, headers, newBody);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The message as sent: the given connection header, framing by Content-Length only. */
    byte[] toBytes(String connection) {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (String[] h : headers) {
            String n = h[0].toLowerCase(Locale.ROOT);
            if (!n.equals("content-length") && !n.equals("transfer-encoding") && !n.equals("connection")
                    && !n.equals("keep-alive")) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(connection).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** A response with a body and content type. */
    static HttpMessage response(int status, String reason, List<String[]> headers, byte[] body) {
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, headers, body);
    }

    private static int chunkSize(String line) {
        int semi = line.indexOf(';');
        return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("expected " + n + " bytes of body, got " + b.length);
        }
        return b;
    }

    /** A CRLF-terminated line in ISO-8859-1; null at EOF before any byte when {@code eofOk}. */
    private static String line(InputStream in, boolean eofOk) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                if (eofOk && sb.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-line");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
    }
}
