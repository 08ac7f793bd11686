// The Java test of the JVM jar: a plain Java program, compiled and run against the jar and its
// declared dependencies only, calls the SDK through the Java bridge (com.triplink.java) against
// the sandbox: a blocking java.net.http transport, futures joined with get(), a typed error.
// Usage: java JavaMain <us-url> <eu-url>. Every check prints; a failure exits 1.

import com.triplink.ClientSecret;
import com.triplink.ConnectionRequestPage;
import com.triplink.CrApiVersion;
import com.triplink.HttpHeader;
import com.triplink.HttpTransportException;
import com.triplink.IntegrationInfo;
import com.triplink.RetrySettings;
import com.triplink.TokenInfo;
import com.triplink.TokenStore;
import com.triplink.TripWalk;
import com.triplink.TriplinkException;
import com.triplink.TriplinkSettings;
import com.triplink.Triplink_uniffiKt;
import com.triplink.java.BlockingHttpTransport;
import com.triplink.java.JavaHttpRequest;
import com.triplink.java.JavaHttpResponse;
import com.triplink.java.TriplinkFutures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

public final class JavaMain {
    private static int failures = 0;

    private static void check(String name, boolean ok, String detail) {
        System.out.println((ok ? "ok   " : "FAIL ") + name + (detail.isEmpty() ? "" : " — " + detail));
        if (!ok) failures++;
    }

    /** The app's HTTP: java.net.http, blocking, redirects off, the SDK's timeout honoured. */
    static final class JdkTransport implements BlockingHttpTransport {
        private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
        private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

        @Override
        public JavaHttpResponse send(JavaHttpRequest request) throws HttpTransportException {
            HttpRequest.BodyPublisher body = request.body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url)).method(request.method, body);
            if (request.timeoutMs != null) b.timeout(Duration.ofMillis(request.timeoutMs));
            for (HttpHeader h : request.headers) {
                if (!RESTRICTED.contains(h.getName().toLowerCase())) b.header(h.getName(), h.getValue());
            }
            try {
                HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                List<HttpHeader> headers = new ArrayList<>();
                resp.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(new HttpHeader(k, v))));
                return new JavaHttpResponse(resp.statusCode(), headers, resp.body());
            } catch (ConnectException e) {
                throw new HttpTransportException.Connect(e.toString());
            } catch (HttpTimeoutException e) {
                throw new HttpTransportException.Timeout(e.toString());
            } catch (IOException e) {
                throw new HttpTransportException.Io(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpTransportException.Cancelled(e.toString());
            }
        }
    }

    /** Tokens in memory (an app would use a keystore). */
    static final class MapTokenStore implements TokenStore {
        final Map<String, String> map = new ConcurrentHashMap<>();
        @Override public String get(String key) { return map.get(key); }
        @Override public void put(String key, String value) { map.put(key, value); }
        @Override public void delete(String key) { map.remove(key); }
    }

    public static void main(String[] args) throws Exception {
        String us = args[0];
        String eu = args[1];
        MapTokenStore store = new MapTokenStore();
        TriplinkSettings settings = new TriplinkSettings(us, "triplink-demo-client",
            new ClientSecret("triplink-demo-secret"), List.of(eu), 20_000L,
            new RetrySettings(3, 100L, 2_000L), new IntegrationInfo("java-main", "1.0"), null);
        try (TriplinkFutures sdk = new TriplinkFutures(settings, new JdkTransport(), store)) {
            String version = Triplink_uniffiKt.version();
            check("version from Java", !version.isEmpty() && version.equals(sdk.version()), version);

            TokenInfo info = sdk.passwordLogin("supplier", "supplier@example.com", "sandbox-password").get();
            check("password login (blocking get)", info.getHasRefreshToken() && store.map.containsKey("supplier"), info.toString());

            ConnectionRequestPage page = sdk.listConnectionRequests("supplier", CrApiVersion.V32, 5, null, null).get();
            check("list connection requests (limit as a Java int)", page.getItems().size() == 5, page.getItems().size() + " items");

            TripWalk trips = sdk.listAllTrips("supplier", null).join();
            int listed = sdk.listAllTrips("supplier", null).thenApply(w -> w.getItems().size()).join();
            check("futures compose (thenApply, join); typed trip walk", trips.getStopped() == null
                    && listed == trips.getItems().size(), listed + " trips, stopped=" + trips.getStopped());

            try {
                sdk.passwordLogin("bad", "supplier@example.com", "wrong-password").get();
                check("wrong password -> TriplinkException.Auth", false, "no exception");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean auth = cause instanceof TriplinkException.Auth;
                check("wrong password -> TriplinkException.Auth", auth, String.valueOf(cause));
                check("the password never appears in the exception",
                    !String.valueOf(cause.getMessage()).contains("wrong-password"), "");
                if (auth) check("error code", ((TriplinkException.Auth) cause).getCode().equals("Auth"), "");
            }

            String normalized = Triplink_uniffiKt.normalizeName("Zoë O'Brien", false);
            check("normalizeName (a plain function)", normalized.equals("zoeobrien"), normalized);

            sdk.revoke("supplier").get();
            check("revoke forgets the tokens", !store.map.containsKey("supplier"), "");
        }
        if (failures > 0) {
            System.out.println(failures + " Java check(s) failed");
            System.exit(1);
        }
        System.out.println("== Java: all checks passed");
    }
}
