package arr.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Calls the running query API the way a privacy officer's tool would: HTTP Basic, GET, JSON or CSV back. */
final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An answer: status, content type, body, its Cache-Control header ("" when absent) and all its headers. */
    record Answer(int status, String contentType, String body, String cacheControl, java.net.http.HttpHeaders headers) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** A user and password, or none. */
    record Login(String user, String password) {

        /** The test stack's account of a role: {@code AUDITOR}, {@code OFFICER} or {@code ADMIN}. */
        static Login of(arr.deploy.testing.TestStack stack, String role) {
            return new Login(stack.credential("AUDIT_" + role + "_USER"), stack.credential("AUDIT_" + role + "_PASSWORD"));
        }
    }

    Answer get(String path, Login login) {
        return get(path, login, (String) null);
    }

    /** @param accept the Accept header to send, or null for none */
    Answer get(String path, Login login, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (login != null) {
            request.header("Authorization", basic(login));
        }
        return send(request, path);
    }

    /** A GET with extra request headers. */
    Answer get(String path, Login login, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        if (login != null) {
            request.header("Authorization", basic(login));
        }
        return send(request, path);
    }

    /** A POST of a JSON body (null for none). */
    Answer post(String path, Login login, String json) {
        return post(path, login, "application/json", json);
    }

    /** A POST of a body of this content type (null for none). */
    Answer post(String path, Login login, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (login != null) {
            request.header("Authorization", basic(login));
        }
        return send(request, path);
    }

    /** A DELETE. */
    Answer delete(String path, Login login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).DELETE();
        if (login != null) {
            request.header("Authorization", basic(login));
        }
        return send(request, path);
    }

    private static Answer send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    String.join(", ", response.headers().allValues("Cache-Control")), response.headers());
        } catch (IOException e) {
            throw new AssertionError(request.build().method() + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A GET whose body is kept as bytes (a PDF). */
    HttpResponse<byte[]> bytes(String path, Login login) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET()
                .header("Authorization", basic(login)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A GET sent from a chosen loopback address (127.0.0.0/8), so that a test can be a distinct client address for the
     * login throttle; returns the status code.
     */
    int statusFrom(String localAddress, String path, Login login) throws IOException {
        URI uri = URI.create(baseUrl + path);
        try (Socket socket = new Socket(InetAddress.getByName(uri.getHost()), uri.getPort(), InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(30_000);
            String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + (login == null ? "" : "Authorization: " + basic(login) + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    /** {@code ?name=value&...} with the values URL-encoded; pairs in order. */
    static String query(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(out.length() == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String basic(Login login) {
        return "Basic " + Base64.getEncoder().encodeToString((login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
    }
}
