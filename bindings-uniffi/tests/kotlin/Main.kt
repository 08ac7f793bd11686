// The Kotlin test of the uniffi binding: the generated bindings run on the JVM (JNA) against
// the sandbox over loopback, with the HTTP done in Kotlin by java.net.http.HttpClient.
// Usage: MainKt <us-url> <eu-url> <members.csv>. Every check prints; a failure exits 1.

import com.triplink.*
import java.net.ConnectException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.concurrent.CompletionException
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/** The app's transport: java.net.http, redirects off, the SDK's timeout honoured. */
class JavaHttpTransport : HttpTransport {
    private val http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build()
    // Headers java.net.http sets itself and refuses from callers.
    private val restricted = setOf("host", "content-length", "connection", "expect", "upgrade")

    override suspend fun send(request: TransportRequest): TransportResponse {
        val body = if (request.body.isEmpty()) HttpRequest.BodyPublishers.noBody()
                   else HttpRequest.BodyPublishers.ofByteArray(request.body)
        val b = HttpRequest.newBuilder(URI.create(request.url)).method(request.method, body)
        request.timeoutMs?.let { b.timeout(Duration.ofMillis(it.toLong())) }
        for (h in request.headers) if (h.name.lowercase() !in restricted) b.header(h.name, h.value)
        val resp = try {
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).await()
        } catch (e: Exception) {
            val cause = if (e is CompletionException && e.cause != null) e.cause!! else e
            throw when (cause) {
                is ConnectException -> HttpTransportException.Connect(cause.toString())
                is HttpTimeoutException -> HttpTransportException.Timeout(cause.toString())
                else -> HttpTransportException.Io(cause.toString())
            }
        }
        val headers = resp.headers().map().flatMap { (k, vs) -> vs.map { HttpHeader(k, it) } }
        return TransportResponse(resp.statusCode().toUShort(), headers, resp.body())
    }
}

/** A token store in memory that counts writes (an app would use the Android Keystore). */
class CountingTokenStore : TokenStore {
    val map = ConcurrentHashMap<String, String>()
    val puts = AtomicInteger(0)
    override fun get(key: String): String? = map[key]
    override fun put(key: String, value: String) { puts.incrementAndGet(); map[key] = value }
    override fun delete(key: String) { map.remove(key) }
}

/** A member directory in Kotlin: one member, looked up by normalised keys. */
class OneMemberDirectory : MemberDirectory {
    private val zoe = MemberRecord("M-1", "100200300", "Zoe", "OBrien", listOf("zoe@example.com"), null)
    override suspend fun findByLoyalty(key: String) = if (key == "100200300") listOf(zoe) else listOf()
    override suspend fun findByEmail(key: String) = if (key == "zoe@example.com") listOf(zoe) else listOf()
}

var failures = 0
fun check(name: String, ok: Boolean, detail: String = "") {
    println((if (ok) "ok   " else "FAIL ") + name + (if (detail.isEmpty()) "" else " — $detail"))
    if (!ok) failures++
}

suspend fun <T> expectError(name: String, want: String, block: suspend () -> T) {
    try {
        block()
        check(name, false, "no TriplinkException")
    } catch (e: TriplinkException) {
        val code = when (e) {
            is TriplinkException.NotFound -> e.code
            is TriplinkException.Auth -> e.code
            is TriplinkException.Reauthorize -> e.code
            is TriplinkException.Network -> e.code
            is TriplinkException.InvalidInput -> e.code
            else -> e::class.simpleName ?: "?"
        }
        check(name, code == want, "got ${e::class.simpleName} code=$code: ${e.message}")
    }
}

const val ZOE = "0d3e0000-0000-4000-8000-000000000001"

fun main(args: Array<String>): Unit = runBlocking {
    val (us, eu, csvPath) = args
    val store = CountingTokenStore()
    val settings = TriplinkSettings(us, "triplink-demo-client", ClientSecret("triplink-demo-secret"), listOf(eu))
    val client = TriplinkClient(settings, JavaHttpTransport(), store)
    check("settings toString never shows the client secret", !settings.toString().contains("triplink-demo-secret"), settings.toString())
    check("version", Regex("""\d+\.\d+\.\d+.*""").matches(version()), version())

    // OAuth2: password login stores the supplier's tokens through the Kotlin store.
    val info = client.passwordLogin("supplier", "supplier@example.com", "sandbox-password")
    check("password login", info.hasRefreshToken && store.map.containsKey("supplier"), "$info")
    check("token store holds no plain secret in TokenInfo", !info.toString().contains("sandbox-password"))

    // Matching, pure.
    check("normalizeName", normalizeName("Zoë O'Brien", false) == "zoeobrien", normalizeName("Zoë O'Brien", false))
    val viaDir = decideWithDirectory(OneMemberDirectory(), MatchPolicy.either(),
        MatchRequest("Zoë", null, "O'Brien", "100-200-300", listOf()))
    check("decideWithDirectory (Kotlin directory)", viaDir.status == "CRSUC", "${viaDir.status} ${viaDir.reason}")

    // The auto-connect run over the demo members: the oracle of sandbox/data/README.md.
    val index = MemberIndex.fromCsv(java.io.File(csvPath).readText(), MatchPolicy.either())
    val report = client.autoConnect("supplier", index, null)
    val c = report.counts
    val got = listOf("CRSUC", "CREU1", "CREU2", "CREU3", "CRPA1").map { c[it] ?: 0UL }
    check("auto-connect counts 11/2/2/4/1", got == listOf(11UL, 2UL, 2UL, 4UL, 1UL), "$c")
    check("auto-connect handled 20", report.outcomes.size == 20 && report.failedPuts == 0UL)
    check("CRSUC users' tokens stored", store.map.containsKey(ZOE))

    // Itinerary: build a supplier booking and post it into Zoë's trip.
    val booking = SupplierBooking("Acme Hotels", "ACME-K1", "HK-1", "Zoë", "O'Brien",
        "2030-05-02T15:00:00", "2030-05-04T11:00:00", "America/Los_Angeles", "567.00", "USD",
        SupplierSegment.Hotel("Acme Downtown", "Seattle", "US"))
    val xml = buildSupplierBookingXml(booking)
    check("booking XML built", xml.contains("HK-1") && xml.contains("Acme Downtown"))
    val posted = client.postBooking(ZOE, parseBooking(xml), null, null).value
    fun acme(t: Trip) = t.bookings.orEmpty().single { it.bookingSource == "Acme Hotels" }
    fun hotelOf(b: Booking) = (b.segments.orEmpty()[0] as Segment.Hotel).value
    check("booking posted (merged into Zoë's trip)", posted.tripId == "TRIP-ZOE-SEATTLE" &&
        hotelOf(acme(posted)).confirmationNumber == "HK-1", "${posted.tripId}")

    // Typed read-modify-write against the sandbox, on a trip of our own (a supplier cannot
    // replace a trip holding other suppliers' bookings, whose hidden fields it never sees): the
    // hotel's check-out (by name and type), an unknown element added to the booking; the whole
    // trip goes back, and a re-read gives the edit with everything else of the booking unchanged.
    val own = parseBooking(buildSupplierBookingXml(booking.copy(recordLocator = "ACME-K9", confirmationNumber = "HK-9")))
    val created = client.createTrip(ZOE, Trip(tripName = "Typed", tripStatus = SpelledByte(0u, "0"), bookings = listOf(own)), null).value
    val trip = client.getTrip(ZOE, created.tripId ?: "", null).value
    val mine = acme(trip)
    val checkOut: String? = hotelOf(mine).endDateLocal
    check("get trip: the hotel's check-out, typed", checkOut == "2030-05-04T11:00:00", "$checkOut")
    hotelOf(mine).endDateLocal = "2030-05-05T11:00:00"
    mine.extra = mine.extra + XmlNode.Element(XmlElement("VendorExtension", listOf(XmlAttr("tier", "gold")),
        listOf(XmlNode.Text("Ünïcode & more"))))
    client.replaceTrip(ZOE, trip.tripId ?: "", trip, null)
    val reread = client.getTrip(ZOE, trip.tripId ?: "", null).value
    check("re-read gives the edit", hotelOf(acme(reread)).endDateLocal == "2030-05-05T11:00:00")
    check("re-read: the booking otherwise unchanged (unknown element kept)", acme(reread) == mine,
        "${acme(reread).extra}")

    val replaced = client.replaceBooking(ZOE, "HK-1",
        parseBooking(buildSupplierBookingXml(booking.copy(confirmationNumber = "HK-2"))), null).value
    val confirmations = replaced.bookings.orEmpty().flatMap { b -> b.segments.orEmpty() }
        .filterIsInstance<Segment.Hotel>().map { it.value.confirmationNumber }
    check("replaceBooking cancels the old confirmation first", "HK-2" in confirmations && "HK-1" !in confirmations,
        "$confirmations")
    val allTrips = client.listAllTrips(ZOE, null)
    check("listAllTrips walks every page (typed summaries, no stop)",
        allTrips.items.any { it.tripId == "TRIP-ZOE-SEATTLE" } && allTrips.stopped == null && allTrips.pages >= 1uL,
        "${allTrips.items.map { it.tripId }} pages=${allTrips.pages} stopped=${allTrips.stopped}")
    val tripPage = client.listTrips(ZOE, null).value
    check("listTrips: typed summaries", tripPage.trips.any { it.tripId == "TRIP-ZOE-SEATTLE" && it.tripName != null },
        "${tripPage.trips.map { it.tripId }}")
    val cancelled = client.cancelBooking(ZOE, "Acme Hotels", "NO-SUCH-CONF", null).value
    check("cancel of an unknown booking reports NotFound as data", cancelled == CancelOutcome.NotFound, "$cancelled")
    val noTrip = client.cancelTrip(ZOE, "NO-SUCH-TRIP", null).value
    check("cancel of an unknown trip reports NotFound as data", noTrip == CancelOutcome.NotFound, "$noTrip")
    expectError("unknown trip -> TriplinkException.NotFound", "NotFound") {
        client.getTrip(ZOE, "NO-SUCH-TRIP", null)
    }
    expectError("invalid booking -> InvalidInput", "InvalidInput") {
        buildSupplierBookingXml(booking.copy(lastName = ""))
    }
    expectError("a control character XML cannot carry -> InvalidInput (no XML written)", "InvalidInput") {
        buildSupplierBookingXml(booking.copy(lastName = "O'Brien\u0007"))
    }
    // Pure read-modify-write: an unknown element and unusual spellings (`+01`, `1`, a date
    // without seconds) survive; the second segment's start date of the first booking is edited.
    val doc = """<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06"><TripName>T</TripName>""" +
        """<FutureField flag="yes">newer<Nested a="1"/></FutureField><TripStatus>+01</TripStatus><IsPersonal>1</IsPersonal>""" +
        """<Bookings><Booking><RecordLocator>R</RecordLocator><Segments><Hotel><ConfirmationNumber>C</ConfirmationNumber>""" +
        """</Hotel><Air><FlightNumber>0042</FlightNumber><StartDateLocal>2030-01-02T08:00</StartDateLocal></Air>""" +
        """</Segments></Booking></Bookings></Itinerary>"""
    val parsed = parseTrip(doc)
    val status: SpelledByte? = parsed.tripStatus
    check("spelled values typed", status?.value == 1.toUByte() && status.text == "+01" && parsed.isPersonal?.value == true)
    val air = (parsed.bookings!![0].segments!![1] as Segment.Air).value
    check("second segment's start date", air.startDateLocal == "2030-01-02T08:00", "${air.startDateLocal}")
    air.startDateLocal = "2030-01-03T09:15"
    val written = writeTrip(parsed)
    check("written: the edit, the unknown element and the spellings",
        listOf("<StartDateLocal>2030-01-03T09:15</StartDateLocal>", "<FutureField flag=\"yes\">newer<Nested a=\"1\"/></FutureField>",
            "<TripStatus>+01</TripStatus>", "<IsPersonal>1</IsPersonal>", "<FlightNumber>0042</FlightNumber>").all { it in written }, written)
    check("re-read equals the edited trip", parseTrip(written) == parsed)
    expectError("a trip XML cannot carry -> InvalidInput", "InvalidInput") { writeTrip(Trip(tripName = "Seattle\u0001")) }
    expectError("a date that is not one -> InvalidInput", "InvalidInput") { writeTrip(Trip(startDateLocal = "soon")) }

    // Token refresh: now (rotation stored before use), then after Concur's clock moved an
    // hour (the 401 triggers one refresh and the call still succeeds).
    val before = store.map["supplier"]
    val putsBefore = store.puts.get()
    val refreshed = client.refreshNow("supplier")
    check("refresh stores a new token set", refreshed != null && store.puts.get() > putsBefore && store.map["supplier"] != before)
    JavaHttpTransport().send(TransportRequest("POST", "$us/_sandbox/clock/advance?secs=3700", listOf(), byteArrayOf(), null))
    val page = client.listConnectionRequests("supplier", CrApiVersion.V32, 5u, null, null)
    check("call after access-token expiry refreshes and succeeds", store.puts.get() > putsBefore + 1, "${page.items.size} pending")

    // Request v4 as a TMC (client credentials, acting for its agent).
    client.clientCredentialsLogin("tmc")
    val agent = "a9e70000-0000-4000-8000-000000000001"
    val pending = client.listRequests("tmc", RequestFilter(view = View.PENDING_PROPOSAL), agent).value
    check("Request v4 list (typed filter)", pending.data.isNotEmpty(), "${pending.data.size}")
    val request: TravelRequest = pending.data[0]
    val allRequests = client.listAllRequests("tmc", RequestFilter(view = View.PENDING_PROPOSAL), agent)
    check("listAllRequests: typed requests, no stop", allRequests.stopped == null &&
        allRequests.items.map { it.id } .containsAll(pending.data.map { it.id }),
        "${allRequests.items.size} items, stopped=${allRequests.stopped}")
    val reqId = request.id ?: ""
    val fetched = client.getRequest("tmc", reqId, agent).value
    check("Request v4 get: typed nested fields", fetched.id == reqId && fetched.approvalStatus?.code != null &&
        fetched.owner?.lastName != null, "${fetched.approvalStatus} ${fetched.owner}")
    fun loc(iata: String) = Location(iataCode = iata)
    fun seg(t: ProposalSegmentType, flight: String) = ProposalSegment(proposalSegmentType = t, pnr = "PNR1",
        booked = false, startDate = "2030-07-26", endDate = "2030-08-25", vendorName = "Acme", classOfService = "Y",
        duration = 660u, flightNumber = flight, startLocation = loc("SFO"), endLocation = loc("CDG"),
        name = "Acme Paris", location = Location(city = "Paris", countryCode = "FR"))
    fun proposal(price: Int, flight: String) = AgencyProposal(providerMessageId = "set-by-batch",
        proposalBatchSize = 0u, proposalOrder = 0u, booked = false,
        totalPostedAmount = Amount(price.toDouble(), "USD"),
        agencyProposalEntries = listOf(ProposalEntry(segments = listOf(seg(ProposalSegmentType.Air, flight),
            seg(ProposalSegmentType.Hotel, flight)))))
    val postedBatch = client.postProposals("tmc", reqId, "B-${reqId.take(20)}",
        listOf(proposal(1800, "AF83"), proposal(1500, "AF85"), proposal(2100, "AF87")), agent)
    val proposals = client.requestProposals("tmc", reqId, agent).value
    check("Request v4 proposal batch of 3 posted and read back (typed)",
        postedBatch.map { it.proposalOrder.toInt() } == listOf(1, 2, 3) && proposals.size == 3 &&
        proposals.map { it.totalPostedAmount.value }.sorted() == listOf(1500.0, 1800.0, 2100.0) &&
        proposals[0].agencyProposalEntries[0].segments[1].proposalSegmentType == ProposalSegmentType.Hotel,
        "request $reqId: $proposals".take(300))
    val comments = client.requestComments("tmc", reqId, agent).value
    check("Request v4 comments (typed)", comments.all { it.value != null }, "$comments".take(120))
    expectError("an unknown request action -> InvalidInput (nothing sent)", "InvalidInput") {
        client.requestAction("tmc", reqId, "launch", null, agent)
    }
    expectError("a batch of 4 -> InvalidInput (nothing sent)", "InvalidInput") {
        client.postProposals("tmc", reqId, "B2", List(4) { proposal(1, "X") }, agent)
    }

    // Errors surface as TriplinkException with the stable code.
    expectError("wrong password -> Auth", "Auth") {
        client.passwordLogin("bad", "supplier@example.com", "wrong-password")
    }
    try {
        client.passwordLogin("bad", "supplier@example.com", "wrong-password")
    } catch (e: TriplinkException) {
        check("the password never appears in the exception", !(e.message ?: "").contains("wrong-password"))
    }
    client.revoke("supplier")
    check("revoke forgets the tokens", client.tokenInfo("supplier") == null && !store.map.containsKey("supplier"))
    val dead = TriplinkClient(TriplinkSettings("http://127.0.0.1:9", "id", ClientSecret("secret"), listOf()), JavaHttpTransport(), null)
    expectError("Kotlin transport failure -> Network", "Network") {
        dead.passwordLogin("x", "u", "p")
    }

    val throwing = object : HttpTransport {
        override suspend fun send(request: TransportRequest): TransportResponse =
            throw IllegalStateException("host bug")
    }
    val broken = TriplinkClient(TriplinkSettings(us, "id", ClientSecret("secret"), listOf()), throwing, null)
    expectError("any other Kotlin exception in send -> Network (Io, not retried)", "Network") {
        broken.passwordLogin("x", "u", "p")
    }

    // Coroutine cancellation reaches Rust: cancelling the caller drops the Rust future, and
    // dropping it cancels the Kotlin transport call that future was awaiting.
    val entered = CompletableDeferred<Unit>()
    val released = CompletableDeferred<Unit>()
    val hanging = object : HttpTransport {
        override suspend fun send(request: TransportRequest): TransportResponse {
            entered.complete(Unit)
            try {
                awaitCancellation()
            } finally {
                released.complete(Unit)
            }
        }
    }
    val stuck = TriplinkClient(TriplinkSettings(us, "id", ClientSecret("secret"), listOf()), hanging, null)
    val call = launch { stuck.passwordLogin("x", "u", "p") }
    entered.await()
    call.cancelAndJoin()
    val dropped = withTimeoutOrNull(5_000) { released.await() } != null
    check("a cancelled coroutine drops the Rust future (its pending transport call is cancelled)",
        dropped && call.isCancelled, "released=$dropped")

    stopChecks(us, eu) // StopChecks.kt
    eventChecks(us, eu) // Events.kt

    println(if (failures == 0) "kotlin: all checks passed" else "kotlin: $failures check(s) failed")
    exitProcess(if (failures == 0) 0 else 1)
}
