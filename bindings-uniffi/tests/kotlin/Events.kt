// Events in Kotlin (called from Main.kt): an auto-connect run over a seeded queue with a
// listener, its SdkEvents checked against the report — pages read, each request decided then
// PUT with the report's status, a retry under an injected 503, a token refresh — and a
// listener that throws on every event leaves a second run whole. The retry budget: a bad size
// is an InvalidInput naming it.

import com.triplink.*
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/** Keeps every event (the listener is called on the thread driving the call). */
class RecordingListener : EventListener {
    val events: MutableList<SdkEvent> = Collections.synchronizedList(mutableListOf())
    override fun onEvent(event: SdkEvent) { events.add(event) }
}

private const val LIST = "/api/v3.2/common/connectionrequests"

private suspend fun sandbox(method: String, url: String, json: String? = null): String {
    val headers = if (json == null) listOf() else listOf(HttpHeader("content-type", "application/json"))
    val r = JavaHttpTransport().send(TransportRequest(method, url, headers, json?.toByteArray() ?: byteArrayOf(), null))
    check("sandbox admin $method ${url.substringAfter("/_sandbox")}", r.status.toInt() in 200..299, "${r.status}")
    return String(r.body)
}

/** Seeds `n` connection requests; returns the members file that matches them. */
private suspend fun seeded(us: String, n: Int): String {
    sandbox("POST", "$us/_sandbox/seed?requests=$n")
    return sandbox("GET", "$us/_sandbox/seed/members.csv")
}

private suspend fun listingFault(us: String, kind: String) =
    sandbox("POST", "$us/_sandbox/faults", """{"method":"GET","path_prefix":"$LIST","kind":$kind,"times":1}""")

suspend fun eventChecks(us: String, eu: String) {
    val settings = TriplinkSettings(us, "triplink-demo-client", ClientSecret("triplink-demo-secret"), listOf(eu),
        retry = RetrySettings(4, 5L, 20L))
    val listener = RecordingListener()
    val client = TriplinkClient.withEvents(settings, JavaHttpTransport(), null, listener)
    client.passwordLogin("supplier", "supplier@example.com", "sandbox-password")
    val members = seeded(us, 12)
    // The first listing finds the token expired (a refresh with rotation), the next gets a 503.
    listingFault(us, """{"kind":"expired_token"}""")
    listingFault(us, """{"kind":"status","status":503}""")
    val report = client.autoConnect("supplier", MemberIndex.fromCsv(members, MatchPolicy.either()), null)
    val events = listener.events.toList()
    check("events: the run handled the seeded queue", report.outcomes.size >= 12 && report.stopped == null,
        "${report.outcomes.size} stopped=${report.stopped}")

    var read = 0UL
    var decided = 0
    var retry: SdkEvent.RetryScheduled? = null
    var refreshed = false
    for (e in events) {
        when (e) {
            is SdkEvent.PageRead -> read += e.newRequests
            is SdkEvent.RequestDecided -> decided++
            is SdkEvent.RetryScheduled -> if (retry == null) retry = e
            is SdkEvent.TokenRefreshed -> if (e.key == "supplier" && e.rotated) refreshed = true
            else -> {} // PutDone, Redirected, and kinds a later version may add
        }
    }
    check("events: pageRead counts every request", read == report.outcomes.size.toULong(), "$read")
    check("events: one requestDecided per request", decided == report.outcomes.size, "$decided")
    val r = retry
    check("events: retryScheduled for the 503 on the listing",
        r != null && r.method == "GET" && r.path.startsWith(LIST) && r.reason == "HTTP 503" && r.attempt == 1u, "$r")
    check("events: tokenRefreshed (rotated) for the supplier", refreshed)
    val ordered = report.outcomes.all { o ->
        val d = events.indexOfFirst { it is SdkEvent.RequestDecided && it.requestId == o.requestId && it.status == o.status }
        val p = events.indexOfFirst { it is SdkEvent.PutDone && it.requestId == o.requestId && it.status == o.status &&
            it.correlationId == o.correlationId }
        d >= 0 && p > d
    }
    check("events: each request decided with the report's status, then PUT", ordered)
    check("events: no secret in any event", events.none { it.toString().contains("sandbox-password") ||
        it.toString().contains("triplink-demo-secret") })

    // A listener that throws on every event: ignored, the run goes on.
    val calls = AtomicInteger(0)
    val throwing = object : EventListener {
        override fun onEvent(event: SdkEvent) {
            calls.incrementAndGet()
            throw IllegalStateException("listener broke")
        }
    }
    val brokenListener = TriplinkClient.withEvents(settings, JavaHttpTransport(), null, throwing)
    brokenListener.passwordLogin("supplier", "supplier@example.com", "sandbox-password")
    val more = seeded(us, 6)
    val again = brokenListener.autoConnect("supplier", MemberIndex.fromCsv(more, MatchPolicy.either()), null)
    check("a listener that throws leaves the run whole", again.outcomes.size >= 6 && again.failedPuts == 0UL &&
        again.stopped == null && calls.get() >= 2 * again.outcomes.size,
        "${again.outcomes.size} handled, ${calls.get()} events offered")

    expectError("retry budget: a zero retry cost -> InvalidInput", "InvalidInput") {
        TriplinkClient(TriplinkSettings(us, "id", ClientSecret("s"), listOf(),
            retryBudget = RetryBudgetSettings(10, 0, 10, 1)), JavaHttpTransport(), null)
    }
    try {
        TriplinkClient(TriplinkSettings(us, "id", ClientSecret("s"), listOf(),
            retryBudget = RetryBudgetSettings(-1, 5, 10, 1)), JavaHttpTransport(), null)
        check("retry budget: a negative capacity refused", false, "no error")
    } catch (e: TriplinkException.InvalidInput) {
        check("retry budget: a negative capacity -> InvalidInput naming it", e.detail.contains("retry_budget.capacity"), e.detail)
    }
}
