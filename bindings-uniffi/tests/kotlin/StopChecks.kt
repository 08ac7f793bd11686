// Stopping auto-connect from Kotlin against the sandbox: an AutoConnectStop pressed mid-queue
// on 300 seeded requests, and the run deadline. Every request is either PUT exactly once (and
// in the report) or untouched (no PUT, no exchange, no tokens stored). Called by Main.kt.

import com.triplink.*
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicInteger

private val adminHttp: HttpClient = HttpClient.newHttpClient()

private fun admin(us: String, method: String, path: String): String {
    val req = HttpRequest.newBuilder(URI.create("$us/_sandbox/$path"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build()
    val resp = adminHttp.send(req, HttpResponse.BodyHandlers.ofString())
    if (resp.statusCode() !in 200..299) error("$path: ${resp.statusCode()}")
    return resp.body()
}

/** The sandbox's requests: (id, user id, token used), read from its JSON with a pattern (the
 *  test has no JSON library; serde writes the fields in declaration order). */
private fun sandboxRequests(us: String): List<Triple<String, String, Boolean>> =
    Regex("""\{"id":"([^"]+)","user_id":"([^"]+)"[^{}]*"token_used":(true|false)\}""")
        .findAll(admin(us, "GET", "connection-requests"))
        .map { Triple(it.groupValues[1], it.groupValues[2], it.groupValues[3] == "true") }.toList()

/** One `{"id":count,…}` map of the counters. */
private fun counter(json: String, name: String): Map<String, Int> {
    val body = Regex(""""$name":\{([^}]*)\}""").find(json)?.groupValues?.get(1) ?: return mapOf()
    return Regex(""""([^"]+)":(\d+)""").findAll(body).associate { it.groupValues[1] to it.groupValues[2].toInt() }
}

/** Checks every request but those in `before` is PUT once and reported once, or untouched;
 *  returns (put, untouched). */
private fun putOnceOrUntouched(us: String, name: String, before: Set<String>, reports: List<AutoConnectReport>, store: CountingTokenStore): Pair<Int, Int> {
    val counters = admin(us, "GET", "counters")
    val puts = counter(counters, "puts_per_request")
    val exchanged = counter(counters, "exchanges_ok")
    val reported = reports.flatMap { it.outcomes }.groupingBy { it.requestId }.eachCount()
    var put = 0
    var untouched = 0
    val wrong = mutableListOf<String>()
    for ((id, user, tokenUsed) in sandboxRequests(us).filter { it.first !in before }) {
        when (puts[id] ?: 0) {
            1 -> if (reported[id] == 1) put++ else wrong += "$id PUT, reported ${reported[id]}"
            0 -> if (reported[id] == null && id !in exchanged && !tokenUsed && !store.map.containsKey(user)) untouched++
                 else wrong += "$id not PUT but touched"
            else -> wrong += "$id PUT ${puts[id]} times"
        }
    }
    check("$name: every request PUT once and reported, or untouched", wrong.isEmpty() && put + untouched > 0,
        "$put PUT, $untouched untouched ${wrong.take(3)}")
    return put to untouched
}

/** A transport that presses `stop` when the `after`-th status PUT has been answered. */
class StopAfterPuts(private val inner: HttpTransport, private val after: Int, private val stop: AutoConnectStop) : HttpTransport {
    private val puts = AtomicInteger(0)
    override suspend fun send(request: TransportRequest): TransportResponse {
        val resp = inner.send(request)
        if (request.method == "PUT" && "/connectionrequests/" in request.url && puts.incrementAndGet() == after) {
            stop.stop("the operator pressed stop")
        }
        return resp
    }
}

suspend fun stopChecks(us: String, eu: String) {
    val before = sandboxRequests(us).map { it.first }.toSet() // handled by Main.kt's run
    admin(us, "POST", "seed?requests=300")
    val index = MemberIndex.fromCsv(admin(us, "GET", "seed/members.csv"), MatchPolicy.either())
    val settings = TriplinkSettings(us, "triplink-demo-client", ClientSecret("triplink-demo-secret"), listOf(eu))

    val stop = AutoConnectStop()
    check("a new AutoConnectStop is not stopped", !stop.isStopped() && stop.reason() == null)
    val store = CountingTokenStore()
    val client = TriplinkClient(settings, StopAfterPuts(JavaHttpTransport(), 25, stop), store)
    client.passwordLogin("supplier", "supplier@example.com", "sandbox-password")
    val report = client.autoConnect("supplier", index, AutoConnectSettings(null, null, 4u, null), stop)
    check("a stopped run says why", report.stopped?.contains("run stopped: the operator pressed stop") == true, "${report.stopped}")
    val (put, untouched) = putOnceOrUntouched(us, "stopped mid-queue", before, listOf(report), store)
    check("the stop came mid-queue (25 PUT, at most 4 more in flight)", put in 25..29 && untouched >= 250, "$put PUT, $untouched untouched")
    check("the report accounts for each PUT", report.handled == put.toULong() && report.outcomes.size == put, "${report.handled}")

    // A new run (no stop) takes the rest: each request PUT exactly once in all.
    val rest = client.autoConnect("supplier", index, null)
    check("the next run drains the queue", rest.stopped == null, "${rest.stopped}")
    val all = putOnceOrUntouched(us, "stopped, then resumed", before, listOf(report, rest), store)
    check("after the second run every request is PUT once", all == ((put + untouched) to 0), "$all")

    // The run deadline through AutoConnectSettings: every status PUT takes 100 ms.
    admin(us, "POST", "seed?requests=100")
    val more = MemberIndex.fromCsv(admin(us, "GET", "seed/members.csv"), MatchPolicy.either())
    val fault = """{"method":"PUT","path_prefix":"/api/v3.2/common/connectionrequests","kind":{"kind":"latency","ms":100},"times":1000}"""
    adminHttp.send(HttpRequest.newBuilder(URI.create("$us/_sandbox/faults")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.discarding())
    val timed = client.autoConnect("supplier", more, AutoConnectSettings(null, null, 2u, null, 500uL))
    check("the run deadline stops the run", timed.stopped?.contains("its 500 ms deadline passed") == true, "${timed.stopped}")
    val (timedPut, timedLeft) = putOnceOrUntouched(us, "deadline", before, listOf(report, rest, timed), store)
    check("the deadline left requests queued", timedPut - all.first in 1..60 && timedLeft >= 40, "${timedPut - all.first} PUT, $timedLeft left")
    admin(us, "DELETE", "faults")
}
