// The Java bridge's client: every `suspend` call of TriplinkClient as a CompletableFuture
// (block with `.get()`/`.join()`, or compose), unsigned numbers as Java `int`/`long`. A failed
// call completes the future exceptionally with the same TriplinkException Kotlin would see
// (`ExecutionException.getCause()` after `.get()`).
package com.triplink.java

import com.triplink.AgencyProposal
import com.triplink.AutoConnectReport
import com.triplink.AutoConnectSettings
import com.triplink.AutoConnectStop
import com.triplink.Booking
import com.triplink.ConnectionRequest
import com.triplink.ConnectionRequestPage
import com.triplink.CrApiVersion
import com.triplink.EventListener
import com.triplink.MatchDecision
import com.triplink.MatchPolicy
import com.triplink.MatchRequest
import com.triplink.MemberDirectory
import com.triplink.MemberIndex
import com.triplink.RequestFilter
import com.triplink.RequestWalk
import com.triplink.TokenInfo
import com.triplink.TokenStore
import com.triplink.TracedCancelOutcome
import com.triplink.TracedComments
import com.triplink.TracedExceptions
import com.triplink.TracedExpenses
import com.triplink.TracedProposals
import com.triplink.TracedRequest
import com.triplink.TracedRequestPage
import com.triplink.TracedTrip
import com.triplink.TracedTripList
import com.triplink.Trip
import com.triplink.TripFilter
import com.triplink.TripWalk
import com.triplink.TriplinkClient
import com.triplink.TriplinkSettings
import com.triplink.decideWithDirectory
import com.triplink.version as sdkVersion
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future

/**
 * TriplinkClient for Java: `new TriplinkFutures(settings, transport, tokenStore)` (the store
 * may be null; a fourth argument, an `EventListener`, receives the SDK's events), then e.g.
 * `passwordLogin("supplier", user, password).get()`. Close it to cancel calls still running
 * and free the native client.
 */
class TriplinkFutures @JvmOverloads constructor(
    settings: TriplinkSettings,
    transport: BlockingHttpTransport,
    tokenStore: TokenStore? = null,
    eventListener: EventListener? = null,
) : AutoCloseable {
    /** The Kotlin client underneath (for Kotlin code sharing it). */
    val client: TriplinkClient = when (eventListener) {
        null -> TriplinkClient(settings, BlockingTransportAdapter(transport), tokenStore)
        else -> TriplinkClient.withEvents(settings, BlockingTransportAdapter(transport), tokenStore, eventListener)
    }
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    private fun <T> call(block: suspend TriplinkClient.() -> T): CompletableFuture<T> =
        scope.future { client.block() }

    /** The SDK version (the package's top-level `version()`, for Java callers). */
    fun version(): String = sdkVersion()

    // OAuth2 and tokens.
    fun passwordLogin(key: String, username: String, password: String) = call { passwordLogin(key, username, password) }
    fun clientCredentialsLogin(key: String) = call { clientCredentialsLogin(key) }
    fun companyLogin(key: String, companyId: String, requestToken: String, issuedAtMs: Long) =
        call { companyLogin(key, companyId, requestToken, issuedAtMs.toULong()) }
    fun exchangeRequestToken(userId: String, requestToken: String, issuedAtMs: Long) =
        call { exchangeRequestToken(userId, requestToken, issuedAtMs) }
    fun refreshIfDue(key: String): CompletableFuture<TokenInfo?> = call { refreshIfDue(key) }
    fun refreshNow(key: String): CompletableFuture<TokenInfo?> = call { refreshNow(key) }
    fun revoke(key: String): CompletableFuture<Unit> = call { revoke(key) }
    fun tokenInfo(key: String): CompletableFuture<TokenInfo?> = call { tokenInfo(key) }

    // Connection Requests (`limit` null for the API's default).
    fun listConnectionRequests(key: String, version: CrApiVersion, limit: Int?, offset: String?, status: String?):
        CompletableFuture<ConnectionRequestPage> = call { listConnectionRequests(key, version, limit?.toUInt(), offset, status) }
    fun nextConnectionRequestsPage(key: String, version: CrApiVersion, url: String) = call { nextConnectionRequestsPage(key, version, url) }
    fun getConnectionRequest(key: String, version: CrApiVersion, id: String): CompletableFuture<ConnectionRequest> =
        call { getConnectionRequest(key, version, id) }
    fun createConnectionRequest(key: String, version: CrApiVersion, loginId: String) = call { createConnectionRequest(key, version, loginId) }
    fun updateConnectionRequestStatus(key: String, version: CrApiVersion, id: String, status: String) =
        call { updateConnectionRequestStatus(key, version, id, status) }
    fun deleteConnectionRequest(key: String, id: String) = call { deleteConnectionRequest(key, id) }
    /** `stop` (optional) ends the run gracefully from any thread: see `AutoConnectStop`. */
    @JvmOverloads
    fun autoConnect(key: String, index: MemberIndex, settings: AutoConnectSettings?, stop: AutoConnectStop? = null): CompletableFuture<AutoConnectReport> =
        call { autoConnect(key, index, settings, stop) }
    @JvmOverloads
    fun autoConnectWithDirectory(key: String, directory: MemberDirectory, policy: MatchPolicy, settings: AutoConnectSettings?, stop: AutoConnectStop? = null) =
        call { autoConnectWithDirectory(key, directory, policy, settings, stop) }

    // Itinerary v1 (typed trips, bookings, trip lists and cancel outcomes).
    fun listTrips(key: String, filter: TripFilter?): CompletableFuture<TracedTripList> = call { listTrips(key, filter) }
    fun listAllTrips(key: String, filter: TripFilter?): CompletableFuture<TripWalk> = call { listAllTrips(key, filter) }
    fun getTrip(key: String, tripId: String, actingFor: String?): CompletableFuture<TracedTrip> = call { getTrip(key, tripId, actingFor) }
    fun createTrip(key: String, trip: Trip, actingFor: String?): CompletableFuture<TracedTrip> = call { createTrip(key, trip, actingFor) }
    fun replaceTrip(key: String, tripId: String, trip: Trip, actingFor: String?): CompletableFuture<TracedTrip> =
        call { replaceTrip(key, tripId, trip, actingFor) }
    fun cancelTrip(key: String, tripId: String, actingFor: String?): CompletableFuture<TracedCancelOutcome> =
        call { cancelTrip(key, tripId, actingFor) }
    fun postBooking(key: String, booking: Booking, tripId: String?, actingFor: String?): CompletableFuture<TracedTrip> =
        call { postBooking(key, booking, tripId, actingFor) }
    fun replaceBooking(key: String, oldConfirmation: String, booking: Booking, actingFor: String?): CompletableFuture<TracedTrip> =
        call { replaceBooking(key, oldConfirmation, booking, actingFor) }
    fun cancelBooking(key: String, bookingSource: String, confirmationNumber: String, actingFor: String?): CompletableFuture<TracedCancelOutcome> =
        call { cancelBooking(key, bookingSource, confirmationNumber, actingFor) }

    // Request v4 (typed requests, proposals and parts).
    fun listRequests(key: String, filter: RequestFilter?, actingUserId: String?): CompletableFuture<TracedRequestPage> =
        call { listRequests(key, filter, actingUserId) }
    fun listAllRequests(key: String, filter: RequestFilter?, actingUserId: String?): CompletableFuture<RequestWalk> =
        call { listAllRequests(key, filter, actingUserId) }
    fun getRequest(key: String, requestId: String, actingUserId: String?): CompletableFuture<TracedRequest> =
        call { getRequest(key, requestId, actingUserId) }
    fun requestAction(key: String, requestId: String, action: String, comment: String?, actingUserId: String?): CompletableFuture<TracedRequest> =
        call { requestAction(key, requestId, action, comment, actingUserId) }
    fun requestComments(key: String, requestId: String, actingUserId: String?): CompletableFuture<TracedComments> =
        call { requestComments(key, requestId, actingUserId) }
    fun requestExceptions(key: String, requestId: String, actingUserId: String?): CompletableFuture<TracedExceptions> =
        call { requestExceptions(key, requestId, actingUserId) }
    fun requestExpenses(key: String, requestId: String, actingUserId: String?): CompletableFuture<TracedExpenses> =
        call { requestExpenses(key, requestId, actingUserId) }
    fun requestProposals(key: String, requestId: String, actingUserId: String?): CompletableFuture<TracedProposals> =
        call { requestProposals(key, requestId, actingUserId) }
    fun postProposals(key: String, requestId: String, providerMessageId: String, proposals: List<AgencyProposal>, actingUserId: String?) =
        call { postProposals(key, requestId, providerMessageId, proposals, actingUserId) }

    /** Cancels calls still running and frees the native client. */
    override fun close() {
        scope.cancel()
        client.close()
    }

    companion object {
        /** [com.triplink.decideWithDirectory] as a future (the directory's lookups are Kotlin `suspend`). */
        @JvmStatic
        fun decideWithDirectoryAsync(directory: MemberDirectory, policy: MatchPolicy, request: MatchRequest): CompletableFuture<MatchDecision> =
            CoroutineScope(Dispatchers.Default).future { decideWithDirectory(directory, policy, request) }

        /** An unsigned count (e.g. `AutoConnectReport.counts` values) as a Java `long`. */
        @JvmStatic
        fun counts(report: AutoConnectReport): Map<String, Long> = report.counts.mapValues { it.value.toLong() }
    }
}
